import { z } from 'zod';
import { baseEnvSchema, envBoolean, envPort } from '@switchyard/platform';

/** A development master key, refused in production: credentials encrypted with it are not secret. */
export const DEVELOPMENT_MASTER_KEY = '0'.repeat(63) + '1';

export const apiEnvSchema = baseEnvSchema
  .extend({
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: envPort.default(8080),
    /** The platform operator's token: may create organizations. Unset → bootstrap route answers 401. */
    SWITCHYARD_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    /** 32 bytes, hex or base64: encrypts cloud credentials (AES-256-GCM). */
    SWITCHYARD_MASTER_KEY: z.string().default(DEVELOPMENT_MASTER_KEY),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Request bodies above this are refused with 413. */
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    /** Base domain of service URLs: `<service>--<project>.<base domain>`. */
    SERVICE_BASE_DOMAIN: z.string().default('localhost'),
    /** Where callers reach the gateway (for the path-based service URL shown in status). */
    GATEWAY_PUBLIC_URL: z.string().url().default('http://127.0.0.1:8081'),
    /** Allows clouds of provider SIM (the simulated cloud for engine tests and benchmarks). */
    SWITCHYARD_ENABLE_SIM_PROVIDER: envBoolean.default(false),
    /** How often a rollout re-observes its clusters while it waits (seconds). */
    ROLLOUT_POLL_INTERVAL_S: z.coerce.number().min(0.05).max(60).default(5),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.SWITCHYARD_MASTER_KEY !== DEVELOPMENT_MASTER_KEY, {
    message: 'set a real master key in production (32 random bytes, hex or base64)',
    path: ['SWITCHYARD_MASTER_KEY'],
  })
  .refine((env) => /^[0-9a-f]{64}$/i.test(env.SWITCHYARD_MASTER_KEY) || Buffer.from(env.SWITCHYARD_MASTER_KEY, 'base64').length === 32, {
    message: 'must be 32 bytes as 64 hex characters or base64',
    path: ['SWITCHYARD_MASTER_KEY'],
  });

export type ApiConfig = z.infer<typeof apiEnvSchema>;
