import 'reflect-metadata';
import { createDb } from '@switchyard/db';
import { createLogger, createMetricsRegistry, createRedis, loadEnv, SecretBox } from '@switchyard/platform';
import { createApiApp } from './app';
import { apiEnvSchema } from './config';
import { systemClock } from './infra/clock';

async function main() {
  const config = loadEnv(apiEnvSchema);
  const logger = createLogger('api', config.LOG_LEVEL);
  const app = await createApiApp({
    config,
    db: createDb(config.DATABASE_URL),
    redis: createRedis(config.REDIS_URL),
    logger,
    metrics: createMetricsRegistry('api'),
    secretBox: SecretBox.fromString(config.SWITCHYARD_MASTER_KEY),
    clock: systemClock,
  });
  await app.listen(config.API_PORT, config.API_HOST);
  logger.info({ url: `http://${config.API_HOST}:${config.API_PORT}` }, 'api listening');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
