export { httpHealthProbe, type HealthProbe } from './health-probe';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
