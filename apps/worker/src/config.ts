import path from 'node:path';
import { z } from 'zod';
import {
  baseEnvSchema,
  envBoolean,
  envPort,
  masterKeySchema,
  realMasterKeyInProduction,
} from '@switchyard/platform';

export const workerEnvSchema = baseEnvSchema
  .extend({
    /** The api's key (32 bytes, hex or base64): opens AWS/GCP cloud credentials for their adapters. */
    SWITCHYARD_MASTER_KEY: masterKeySchema,
    WORKER_OPS_HOST: z.string().default('127.0.0.1'),
    /** `/healthz`, `/readyz`, `/metrics` of the worker. */
    WORKER_OPS_PORT: envPort.default(8082),
    /**
     * Jobs one worker process runs at once. On the sim provider a tick is CPU work (ours and
     * Postgres's): on 2 cores throughput is the same at 8 as at 32 and latency grows with the
     * queue (bench/engine). Raise it when ticks wait on slow cloud APIs, or run more workers.
     */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    /**
     * How long a job stays claimed by a worker that stopped renewing it (a SIGKILLed worker):
     * after this, plus at most half of it for the stalled-job check, another worker runs the job
     * again. BullMQ's default (30 s + 30 s) left a rollout stalled up to a minute after a crash;
     * every handler is idempotent, so a job re-run after a long event-loop stall is harmless.
     */
    JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(300_000).default(10_000),
    /** How often the reconciler looks for stranded rollouts (≤ 30 s by design). */
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(30_000).default(15_000),
    /** How often the serving version of each service without a rollout is re-observed (replica restarts, autoscaling). */
    OBSERVE_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    /** How often every cluster's nodes are read from its provider (billing meters them; ≤ 60 s). */
    NODE_SYNC_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(30_000),
    /** How often running nodes are metered and ended months' invoices closed (≤ 60 s by design). */
    BILLING_METER_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(60_000),
    /** Enables the simulated cloud (SIM clouds): tests and benchmarks only. */
    SWITCHYARD_ENABLE_SIM_PROVIDER: envBoolean.default(false),
    /** The local provider's replica logs (`<dir>/logs/<service>/<version>/<replica>.log`); relative to the cwd. */
    LOCAL_PROVIDER_STATE_DIR: z
      .string()
      .min(1)
      .default('.switchyard/local')
      .transform((dir) => path.resolve(dir)),
    /**
     * How long a removed local replica is reported draining before SIGTERM: at least the time
     * gateways need to stop sending it requests (GATEWAY_MIN_DRAINING_PERIOD_S, same default).
     */
    LOCAL_PROVIDER_DRAIN_PERIOD_S: z.coerce.number().min(0).max(3600).default(30),
    /** A local replica's log file is rotated (one previous file kept) beyond this size. */
    LOCAL_PROVIDER_LOG_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(4096)
      .default(5 * 1024 * 1024),
  })
  .refine(realMasterKeyInProduction, {
    message: 'set a real master key in production (32 random bytes, hex or base64)',
    path: ['SWITCHYARD_MASTER_KEY'],
  });
export type WorkerConfig = z.infer<typeof workerEnvSchema>;
