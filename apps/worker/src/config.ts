import { z } from 'zod';
import { baseEnvSchema, envBoolean, envPort } from '@switchyard/platform';

export const workerEnvSchema = baseEnvSchema.extend({
  WORKER_OPS_HOST: z.string().default('127.0.0.1'),
  /** `/healthz`, `/readyz`, `/metrics` of the worker. */
  WORKER_OPS_PORT: envPort.default(8082),
  /** Jobs one worker process runs at once (ticks mostly wait on I/O). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** How often the reconciler looks for stranded rollouts (≤ 30 s by design). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(30_000).default(15_000),
  /** Enables the simulated cloud (SIM clouds): tests and benchmarks only. */
  SWITCHYARD_ENABLE_SIM_PROVIDER: envBoolean.default(false),
});
export type WorkerConfig = z.infer<typeof workerEnvSchema>;
