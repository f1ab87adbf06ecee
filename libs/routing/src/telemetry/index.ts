// Live figures the gateways leave in Redis for the control plane: per-replica ongoing requests
// (the local provider's autoscaler) and per-version per-second traffic (the console's chart).
export { telemetryKeys, type TelemetryKeys } from './telemetry-keys';
export { LATENCY_BUCKETS_MS, latencyBucketIndex, quantileFromBuckets } from './latency-buckets';
export * from './replica-loads';
export * from './traffic-accumulator';
export * from './traffic-series';
