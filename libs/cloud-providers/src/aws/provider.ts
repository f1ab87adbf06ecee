/**
 * `createAwsProvider`: the CloudProvider for one AWS cloud record (account via its credentials,
 * region, network settings). Describe, scale and terminate name no cloud, so the provider is
 * bound to one: the worker keeps one per cloud record.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { CloudProvider, CloudSpec } from '../port';
import { httpHealthProbe, type HealthProbe } from '../vm/health-probe';
import { createVmProvider } from '../vm/provider';
import { DEFAULT_RETRY, realTiming, type RetryPolicy } from '../vm/retry';
import { createAwsBackend } from './backend';
import { parseAwsCloud } from './cloud-config';
import { awsCredentials } from './credentials';

export const AWS_DEFAULT_INSTANCE_TYPE = 'm6i.large';
export const DEFAULT_REPLICA_PORT = 8000;
export const DEFAULT_DRAIN_MS = 30_000;

export interface AwsProviderOptions {
  /** The cloud record, credentials decrypted. */
  cloud: CloudSpec;
  /** Epoch ms. Default `Date.now`. */
  clock?: () => number;
  /** Default: a real timer. Tests pass one that advances their fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Replica readiness. Default: HTTP GET of the health-check path (undici). */
  probe?: HealthProbe;
  retry?: RetryPolicy;
  /** The port each replica's container publishes. Default 8000. */
  replicaPort?: number;
  /** How long a scaled-down replica drains before its node is terminated. Default 30 s. */
  drainMs?: number;
  /** Workers on spot, with on-demand fallback. Default false. */
  spotWorkers?: boolean;
  /** provisionCluster / setCapacity return once launched nodes are listed (default) or running. */
  waitUntil?: 'visible' | 'running';
  /** Bound of that wait. Default 120 s. */
  launchWaitMs?: number;
}

export function createAwsProvider(options: AwsProviderOptions): CloudProvider {
  const config = parseAwsCloud(options.cloud);
  const clock = options.clock ?? realTiming.clock;
  const timing = { clock, sleep: options.sleep ?? realTiming.sleep };
  // maxAttempts 1: retries are ours (ec2-calls.ts), on the injected clock.
  const client = new EC2Client({
    region: config.region,
    credentials: awsCredentials(config, clock),
    maxAttempts: 1,
  });
  const backend = createAwsBackend({
    client,
    config,
    timing,
    retry: options.retry ?? DEFAULT_RETRY,
    spotWorkers: options.spotWorkers ?? false,
    waitUntil: options.waitUntil ?? 'visible',
    launchWaitMs: options.launchWaitMs ?? 120_000,
  });
  return createVmProvider({
    kind: 'aws',
    backend,
    cloud: options.cloud,
    launchSpec: {
      catalog: 'AWS',
      defaultInstanceType: AWS_DEFAULT_INSTANCE_TYPE,
      port: options.replicaPort ?? DEFAULT_REPLICA_PORT,
    },
    clock,
    probe: options.probe ?? httpHealthProbe,
    drainMs: options.drainMs ?? DEFAULT_DRAIN_MS,
    forgetsDeletedNodes: false,
  });
}
