import path from 'node:path';
import { z } from 'zod';
import {
  baseEnvSchema,
  envBoolean,
  envPort,
  masterKeySchema,
  realMasterKeyInProduction,
} from '@switchyard/platform';

export const apiEnvSchema = baseEnvSchema
  .extend({
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: envPort.default(8080),
    /** The platform operator's token: may create organizations. Unset → bootstrap route answers 401. */
    SWITCHYARD_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    /** 32 bytes, hex or base64: encrypts cloud credentials (AES-256-GCM). */
    SWITCHYARD_MASTER_KEY: masterKeySchema,
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
    /** Where the worker's local provider keeps replica logs (same variable and default as the worker's). */
    LOCAL_PROVIDER_STATE_DIR: z
      .string()
      .min(1)
      .default('.switchyard/local')
      .transform((dir) => path.resolve(dir)),
    ROLLOUT_POLL_INTERVAL_S: z.coerce.number().min(0.05).max(60).default(5),
    /** Console sessions end this long after sign-in (there is no sliding renewal). */
    SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(720).default(12),
    /** `auto`: the session cookie is Secure when the request came over https (see TRUST_PROXY). */
    SESSION_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
    /**
     * Express's `trust proxy`: whether X-Forwarded-Proto/-For from the proxy in front are believed
     * (`true`, a hop count, or addresses such as `loopback`). Off by default: a client could forge them.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
    /** Sign-in attempts per email per minute; each client address gets five times this. */
    SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    /** The console's static build (`npm run build` writes it); the API serves it at `/`. */
    CONSOLE_DIR: z
      .string()
      .min(1)
      .default('dist/console')
      .transform((dir) => path.resolve(dir)),
    /** Where users reach the console, for invite links; default: the origin the admin's request came to. */
    CONSOLE_PUBLIC_URL: z.string().url().optional(),
  })
  .refine(realMasterKeyInProduction, {
    message: 'set a real master key in production (32 random bytes, hex or base64)',
    path: ['SWITCHYARD_MASTER_KEY'],
  });

export type ApiConfig = z.infer<typeof apiEnvSchema>;
