import { z } from 'zod';

/** Thrown at boot when the environment does not satisfy an app's schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      'invalid configuration:\n' + issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once at boot. Apps never read `process.env` elsewhere, so a typo
 * or a missing secret stops the process with a message naming the variable.
 */
export function loadEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: issue.path.join('.') || '(environment)',
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/** `"true"|"1"|"yes"` → true; `"false"|"0"|"no"|""` → false. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envPort = z.coerce.number().int().min(0).max(65535);

/** Variables every Switchyard process reads. Defaults work on a developer machine. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/switchyard'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix for every Redis key and BullMQ queue, so several installations (or test runs) share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i)
    .default('sy'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;
