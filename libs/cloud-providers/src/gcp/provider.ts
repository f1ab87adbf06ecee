/**
 * `createGcpProvider`: the CloudProvider for one GCP cloud record (project, zone, service
 * account key, network). Describe, scale and terminate name no cloud, so the provider is bound to
 * one: the worker keeps one per cloud record.
 */
import type { CloudProvider, CloudSpec } from '../port';
import { httpHealthProbe, type HealthProbe } from '../vm/health-probe';
import { createVmProvider } from '../vm/provider';
import { DEFAULT_RETRY, realTiming, type RetryPolicy } from '../vm/retry';
import { createGcpBackend } from './backend';
import { parseGcpCloud } from './cloud-config';
import { computeClients, type ComputeClientOptions } from './compute-api';

export const GCP_DEFAULT_MACHINE_TYPE = 'e2-standard-2';
/** Container-Optimized OS: Docker built in; `cos-extensions` installs the NVIDIA driver on GPU nodes. */
export const GCP_DEFAULT_BOOT_IMAGE = 'projects/cos-cloud/global/images/family/cos-stable';
export const DEFAULT_REPLICA_PORT = 8000;
export const DEFAULT_DRAIN_MS = 30_000;

export interface GcpProviderOptions {
  /** The cloud record, credentials decrypted. */
  cloud: CloudSpec;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Replica readiness. Default: HTTP GET of the health-check path (undici). */
  probe?: HealthProbe;
  retry?: RetryPolicy;
  replicaPort?: number;
  drainMs?: number;
  bootImage?: string;
  diskSizeGb?: number;
  /** Bound of waiting for one zone operation. Default 5 min. */
  operationWaitMs?: number;
  /** Bound of waiting for deletions before returning (they go on in GCP). Default 10 s. */
  deleteWaitMs?: number;
  /** Client options over the defaults (tests: a loopback endpoint and an auth client that adds no credentials). */
  clientOptions?: Partial<ComputeClientOptions>;
}

export function createGcpProvider(options: GcpProviderOptions): CloudProvider {
  const config = parseGcpCloud(options.cloud);
  const clock = options.clock ?? realTiming.clock;
  const backend = createGcpBackend({
    clients: computeClients(config, options.clientOptions),
    config,
    timing: { clock, sleep: options.sleep ?? realTiming.sleep },
    retry: options.retry ?? DEFAULT_RETRY,
    bootImage: options.bootImage ?? GCP_DEFAULT_BOOT_IMAGE,
    diskSizeGb: options.diskSizeGb ?? 100,
    operationWaitMs: options.operationWaitMs ?? 5 * 60_000,
    deleteWaitMs: options.deleteWaitMs ?? 10_000,
  });
  return createVmProvider({
    kind: 'gcp',
    backend,
    cloud: options.cloud,
    launchSpec: {
      catalog: 'GCP',
      defaultInstanceType: GCP_DEFAULT_MACHINE_TYPE,
      port: options.replicaPort ?? DEFAULT_REPLICA_PORT,
    },
    clock,
    probe: options.probe ?? httpHealthProbe,
    drainMs: options.drainMs ?? DEFAULT_DRAIN_MS,
    forgetsDeletedNodes: true,
  });
}
