import { createLogger, loadEnv, runUntilSignalled } from '@switchyard/platform';
import { workerEnvSchema } from './config';
import { startWorker } from './worker';

const config = loadEnv(workerEnvSchema);
const logger = createLogger('worker', config.LOG_LEVEL);
runUntilSignalled({ logger, start: () => startWorker(config, logger) });
