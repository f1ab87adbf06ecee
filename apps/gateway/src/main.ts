import { createLogger, loadEnv, runUntilSignalled } from '@switchyard/platform';
import { gatewayEnvSchema } from './config';
import { startGateway } from './gateway';

const config = loadEnv(gatewayEnvSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);
runUntilSignalled({ logger, start: () => startGateway(config, logger) });
