import { z } from 'zod';
import { baseEnvSchema, envPort } from '@switchyard/platform';

export const workerEnvSchema = baseEnvSchema.extend({
  WORKER_OPS_HOST: z.string().default('127.0.0.1'),
  /** `/healthz`, `/readyz`, `/metrics` of the worker. */
  WORKER_OPS_PORT: envPort.default(8082),
});
export type WorkerConfig = z.infer<typeof workerEnvSchema>;
