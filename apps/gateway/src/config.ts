import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { baseEnvSchema, envPort } from '@switchyard/platform';
import {
  RESYNC_INTERVAL_DEFAULT_MS,
  RESYNC_INTERVAL_MAX_MS,
  RESYNC_INTERVAL_MIN_MS,
} from '@switchyard/routing';

const seconds = z.coerce.number().min(0);
const positiveInt = z.coerce.number().int().positive();

/**
 * The gateway's environment, validated once at boot (`loadEnv`). Every knob of the data plane
 * is here with a default that works on a developer machine; apps/gateway/README.md explains each.
 */
export const gatewayEnvSchema = baseEnvSchema.extend({
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  /** Service traffic: `/s/<project>/<service>/…` and `<service>--<project>.<base domain>`. */
  GATEWAY_PORT: envPort.default(8081),
  /** Host-based service URLs are `<service>--<project>.<SERVICE_BASE_DOMAIN>`. */
  SERVICE_BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'a DNS name')
    .transform((v) => v.toLowerCase().replace(/^\.+|\.+$/g, ''))
    .default('localhost'),
  /**
   * Gateway processes on this host sharing the port (node:cluster). 1: this process serves.
   * More uses more cores; each worker is an independent gateway (see cluster-primary.ts).
   */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Names this gateway's load reports in Redis; default: host name, pid and a random suffix. */
  GATEWAY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .default(() => `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
  /**
   * A removed or draining replica's keep-alive pool is closed only once it has no request in
   * flight AND this long has passed (RAY_SERVE_PROXY_MIN_DRAINING_PERIOD_S, same default).
   */
  GATEWAY_MIN_DRAINING_PERIOD_S: seconds.default(30),
  /** Deadline for the response headers (queueing and retries included) → 504. */
  GATEWAY_REQUEST_TIMEOUT_S: z.coerce.number().positive().max(3600).default(60),
  /** TCP connect timeout to a replica; a replica that does not answer is retried elsewhere. */
  GATEWAY_CONNECT_TIMEOUT_MS: positiveInt.default(2000),
  /** Requests waiting per deployment when every replica is at max_ongoing_requests. */
  GATEWAY_QUEUE_MAX_LENGTH: z.coerce.number().int().min(0).default(100),
  /** Longest wait in that queue before a 503. */
  GATEWAY_QUEUE_MAX_WAIT_MS: z.coerce.number().int().min(0).default(2000),
  /** `Retry-After` on 503 responses. */
  GATEWAY_RETRY_AFTER_S: positiveInt.default(1),
  /** Further attempts on other replicas after an undelivered request (so up to N+1 in all). */
  GATEWAY_RETRY_ATTEMPTS: z.coerce.number().int().min(0).max(10).default(2),
  /** Bodies up to this size are buffered so the request stays retryable; larger ones stream. */
  GATEWAY_RETRY_BODY_LIMIT_BYTES: z.coerce.number().int().min(0).default(262144),
  /** Full routing resync period (pub/sub applies changes at once; this bounds a lost message). */
  GATEWAY_ROUTING_RESYNC_MS: z.coerce
    .number()
    .int()
    .min(RESYNC_INTERVAL_MIN_MS)
    .max(RESYNC_INTERVAL_MAX_MS)
    .default(RESYNC_INTERVAL_DEFAULT_MS),
  /** How often loads and traffic counters go to Redis (the autoscaler needs ≥ 1/s). */
  GATEWAY_TELEMETRY_INTERVAL_MS: z.coerce.number().int().min(100).max(1000).default(1000),
  /** How long per-second traffic counters stay in Redis (the console's live chart). */
  GATEWAY_TELEMETRY_WINDOW_S: z.coerce.number().int().min(10).max(3600).default(600),
});
export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
