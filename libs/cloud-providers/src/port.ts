/**
 * The CloudProvider port: everything the worker asks of a cloud, and nothing more. Adapters
 * (sim, local, aws, gcp) implement it; SDKs are imported only inside their adapter.
 *
 * Every mutating call is idempotent under a key the caller derives from (rollout, step), so a
 * retried or replayed job creates nothing twice:
 * - `provisionCluster` under `spec.clusterKey` — a second call with the same key returns the
 *   same handle and launches nothing;
 * - `setCapacity` / `updateInPlace` / `terminateCluster` under their `key` — replaying a key
 *   already applied is a no-op, and terminating a terminated cluster is a no-op.
 */
import type { DeploymentTarget, ReplicaRef } from '@switchyard/rollout';

export type ProviderKind = 'sim' | 'local' | 'aws' | 'gcp';

/** Labels/tags put on every cluster and node, so `findClusters` can adopt after a crash. */
export interface ClusterLabels {
  orgId: string;
  projectId: string;
  serviceId: string;
  serviceName: string;
  versionId: string;
  versionName: string;
  rolloutId: string;
}

export interface HealthCheckSpec {
  path: string;
  periodS: number;
  timeoutS: number;
}

export interface DeploymentRuntimeSpec {
  name: string;
  maxOngoingRequests: number;
  resources: { cpus?: number; gpus?: number; memoryMb?: number };
}

export interface ApplicationRuntimeSpec {
  name: string;
  routePrefix: string;
  /** For the local provider: the command that starts one replica (`PORT` is provided). */
  command?: string;
  /** Ray Serve-style entry point for image-based providers. */
  importPath?: string;
  healthCheck: HealthCheckSpec;
  deployments: DeploymentRuntimeSpec[];
}

export interface ComputeSpec {
  headNode: { instanceType: string };
  workerGroups: {
    name: string;
    instanceType: string;
    gpuType: string | null;
    gpuCount: number;
    minNodes: number;
    maxNodes: number;
  }[];
}

export interface CloudSpec {
  provider: 'LOCAL' | 'AWS' | 'GCP' | 'SIM';
  region: string;
  zone: string | null;
  settings: Record<string, unknown>;
  /** Decrypted credentials; never logged. */
  credentials: unknown;
}

export interface ClusterSpec {
  /** Idempotency key of the provisioning, e.g. `<rolloutId>/<versionId>`. */
  clusterKey: string;
  labels: ClusterLabels;
  cloud: CloudSpec;
  compute: ComputeSpec | null;
  imageUri: string | null;
  env: Record<string, string>;
  applications: ApplicationRuntimeSpec[];
  /** Replica targets to start with (the capacity the rollout asked for). */
  targets: DeploymentTarget[];
}

/** What the provider calls the cluster; stored on the Cluster row. */
export interface ClusterHandle {
  providerClusterId: string;
}

export type ProviderClusterState = 'PROVISIONING' | 'RUNNING' | 'FAILED' | 'TERMINATING' | 'TERMINATED';

export interface NodeInfo {
  providerNodeId: string;
  role: 'HEAD' | 'WORKER';
  groupName: string;
  instanceType: string;
  gpuType: string | null;
  gpuCount: number;
  state: 'PENDING' | 'RUNNING' | 'STOPPED';
  /** Epoch ms; what billing meters. */
  startedAt: number | null;
  stoppedAt: number | null;
}

export interface ReplicaInfo {
  replicaId: string;
  /** `http://host:port` the gateway sends requests to. */
  endpoint: string;
  /** Passing readiness/health checks: may receive new requests. */
  ready: boolean;
  /** Being removed: finishes in-flight requests, gets no new ones. */
  draining: boolean;
}

export interface DeploymentStatus {
  application: string;
  deployment: string;
  desiredReplicas: number;
  readyReplicas: number;
  replicas: ReplicaInfo[];
}

export interface ClusterStatus {
  state: ProviderClusterState;
  failureReason: string | null;
  /** Every application reports healthy. */
  healthy: boolean;
  applications: { name: string; healthy: boolean; message: string | null }[];
  deployments: DeploymentStatus[];
  nodes: NodeInfo[];
  /** Heavyweight in-place updates: old replicas whose replacement is running and ready. */
  replacedReplicaIds: string[];
}

export type InPlaceUpdate =
  | { mode: 'light'; targets: DeploymentTarget[]; applications: ApplicationRuntimeSpec[] }
  | { mode: 'heavy'; replica: ReplicaRef; applications: ApplicationRuntimeSpec[]; env: Record<string, string> };

export interface CloudProvider {
  readonly kind: ProviderKind;
  provisionCluster(spec: ClusterSpec): Promise<ClusterHandle>;
  describeCluster(handle: ClusterHandle): Promise<ClusterStatus>;
  setCapacity(handle: ClusterHandle, targets: DeploymentTarget[], key: string): Promise<void>;
  updateInPlace(handle: ClusterHandle, update: InPlaceUpdate, key: string): Promise<void>;
  terminateCluster(handle: ClusterHandle, key: string): Promise<void>;
  /** Clusters carrying all the given labels (adoption after a crash). */
  findClusters(labels: Partial<ClusterLabels>): Promise<{ handle: ClusterHandle; labels: ClusterLabels; state: ProviderClusterState }[]>;
}

/** Why a provider call failed, typed so the engine can tell a capacity problem from a bug. */
export type ProviderErrorKind =
  | 'capacity'
  | 'quota'
  | 'permission'
  | 'invalid_request'
  | 'not_found'
  | 'throttled'
  | 'unavailable'
  | 'internal';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    /** Worth retrying the same call later (throttling, transient unavailability). */
    readonly retryable: boolean = kind === 'throttled' || kind === 'unavailable',
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
