import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { createDb } from '@switchyard/db';
import {
  createLogger,
  createMetricsRegistry,
  createRedis,
  loadEnv,
  runUntilSignalled,
  SecretBox,
} from '@switchyard/platform';
import { JobQueue } from '@switchyard/jobs';
import { createApiApp } from './app';
import { apiEnvSchema } from './config';
import { systemClock } from './infra/clock';

const config = loadEnv(apiEnvSchema);
const logger = createLogger('api', config.LOG_LEVEL);

runUntilSignalled({
  logger,
  start: async () => {
    const db = createDb(config.DATABASE_URL);
    const redis = createRedis(config.REDIS_URL);
    const jobs = new JobQueue(createRedis(config.REDIS_URL), config.REDIS_PREFIX);
    const app = await createApiApp({
      config,
      db,
      redis,
      logger,
      metrics: createMetricsRegistry('api'),
      secretBox: SecretBox.fromString(config.SWITCHYARD_MASTER_KEY),
      clock: systemClock,
      jobs,
    });
    await app.listen(config.API_PORT, config.API_HOST);
    // The bound port, not the configured one: API_PORT=0 (tests) asks the kernel for a free one.
    const { port } = app.getHttpServer().address() as AddressInfo;
    logger.info({ url: `http://${config.API_HOST}:${port}` }, 'api listening');
    return {
      stop: async () => {
        await app.close();
        await jobs.close();
        await db.$disconnect();
        await redis.quit();
      },
    };
  },
});
