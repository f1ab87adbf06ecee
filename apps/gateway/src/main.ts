import cluster from 'node:cluster';
import { createLogger, loadEnv, runUntilSignalled } from '@switchyard/platform';
import { runClusterPrimary } from './cluster-primary';
import { gatewayEnvSchema } from './config';
import { startGateway } from './gateway';

const config = loadEnv(gatewayEnvSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);
if (config.GATEWAY_WORKERS > 1 && cluster.isPrimary) {
  runClusterPrimary(config.GATEWAY_WORKERS, logger, __filename);
} else {
  // A cluster worker reports loads under its own id: it is a gateway of its own.
  const gatewayId = cluster.isWorker
    ? `${config.GATEWAY_ID}-w${cluster.worker!.id}`
    : config.GATEWAY_ID;
  runUntilSignalled({
    logger,
    start: () => startGateway({ ...config, GATEWAY_ID: gatewayId }, logger),
  });
}
