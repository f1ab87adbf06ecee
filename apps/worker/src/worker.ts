import { createDb } from '@switchyard/db';
import { createMetricsRegistry, createRedis, startOpsServer, type Logger } from '@switchyard/platform';
import type { WorkerConfig } from './config';

/**
 * The worker process: connected to Postgres and Redis and observable. Its job processors
 * (rollout ticks, provisioning, health probes, metering, reconciler) register here as the
 * issues that define them land.
 */
export async function startWorker(config: WorkerConfig, logger: Logger) {
  const db = createDb(config.DATABASE_URL, { poolSize: 5 });
  const redis = createRedis(config.REDIS_URL);
  const ops = await startOpsServer({
    host: config.WORKER_OPS_HOST,
    port: config.WORKER_OPS_PORT,
    registry: createMetricsRegistry('worker'),
    checks: [
      { name: 'postgres', check: () => db.$queryRaw`SELECT 1` },
      { name: 'redis', check: () => redis.ping() },
    ],
    logger,
  });
  logger.info({ opsPort: ops.port }, 'worker started');
  return {
    opsPort: ops.port,
    stop: async () => {
      await ops.close();
      await db.$disconnect();
      await redis.quit();
    },
  };
}
