/**
 * The model behind the VM-based adapters (aws, gcp): a cluster is a set of cloud instances that
 * carry its tags (AWS) or labels + metadata (GCP) — there is no database of ours in the user's
 * account, so everything the adapter must remember lives on the instances themselves:
 *
 * - every node: who it belongs to (cluster, labels), its role and worker group, and for a worker
 *   the one replica it runs (application/deployment), the launch key + slot it was launched
 *   under (how a retried launch recognises its own nodes), and the hash of its launch spec;
 * - the head node also holds the cluster's desired state (`ClusterState`): replica targets,
 *   health probes, the digests of the keys already applied, a failure, the terminating flag.
 *
 * `VmBackend` is the seam to the cloud SDK; everything above it (provider.ts) is shared.
 */
import type { ReplicaTarget } from '@switchyard/rollout';
import type { ApplicationRuntimeSpec, ClusterLabels, ComputeSpec } from '../port';

/** pending: launched, not yet running · stopping: shutting down / being deleted · stopped: gone. */
export type VmLifecycle = 'pending' | 'running' | 'stopping' | 'stopped';

export type WorkerGroupSpec = ComputeSpec['workerGroups'][number];

export interface ReplicaAssignment {
  application: string;
  deployment: string;
}

/** What the adapter writes on a node when it launches it, and reads back when it lists. */
export interface NodeIdentity {
  clusterId: string;
  clusterKey: string;
  labels: ClusterLabels;
  role: 'HEAD' | 'WORKER';
  groupName: string;
  instanceType: string;
  gpuType: string | null;
  gpuCount: number;
  /** The one replica a worker runs; null on the head. */
  replica: ReplicaAssignment | null;
  /** Heavy in-place update: the node id of the replica this one replaces. */
  replaces: string | null;
  /** Digest of the idempotency key the node was launched under, and its slot under that key. */
  launchKey: string;
  slot: number;
  /** Hash of the launch spec (image, env, applications) the node was started from. */
  specHash: string;
}

export interface VmNode extends NodeIdentity {
  /** EC2 instance id or Compute Engine instance name; also the replica id of a worker. */
  id: string;
  lifecycle: VmLifecycle;
  privateIp: string | null;
  launchedAt: number | null;
  /** When the cloud says it stopped (null when it does not say). */
  stoppedAt: number | null;
  /** Why the cloud stopped it, when it says (spot interruption, host error, …). */
  stateReason: string | null;
  /** Set when a scale-down chose this node: it gets no new requests and stops after the drain period. */
  drainingSince: number | null;
  /** Head only. */
  clusterState: ClusterState | null;
}

export interface HealthProbeSpec {
  path: string;
  timeoutS: number;
}

/** The cluster's desired state, kept on the head node. */
export interface ClusterState {
  /** Replica target per `application/deployment`; its keys are the cluster's deployments. */
  targets: Record<string, ReplicaTarget>;
  /** Health probe per application. */
  health: Record<string, HealthProbeSpec>;
  /** Digests of the keys already applied (newest last, the last `MAX_APPLIED_KEYS`). */
  appliedKeys: string[];
  /** Hash of the current launch spec (changes with a heavy in-place update). */
  specHash: string;
  /** The port each replica publishes on its node. */
  port: number;
  failure: string | null;
  terminating: boolean;
}

/**
 * Bounded because AWS keeps the digests in one 256-character tag. A replayed job replays one of
 * the last few keys, never one from a dozen steps ago.
 */
export const MAX_APPLIED_KEYS = 18;

/** What nodes are started from: the version's image and runtime, and the compute config. */
export interface LaunchSpec {
  imageUri: string;
  env: Record<string, string>;
  applications: ApplicationRuntimeSpec[];
  compute: ComputeSpec;
  port: number;
}

export interface LaunchRequest {
  identity: NodeIdentity;
  /** Idempotency token of this one launch (EC2 ClientToken; the seed of GCP's requestId). */
  token: string;
  /** A human-readable name (EC2 `Name` tag, GCP instance name). */
  name: string;
  spec: LaunchSpec;
  /** The spec serialised as stored on the node (the adapter reads it back to launch more). */
  specDocument: string;
  /** Head only: the initial desired state. */
  clusterState: ClusterState | null;
}

export type ClusterQuery = { clusterId: string } | { headsWithLabels: Partial<ClusterLabels> };

/** The cloud side of a VM adapter. Every method throws `ProviderError`s only. */
export interface VmBackend {
  /** Every node of a cluster (in any lifecycle state the cloud still reports), or the head nodes carrying the labels. */
  list(query: ClusterQuery): Promise<VmNode[]>;
  /** Launches each request, idempotently under its token; returns the nodes once the cloud lists them. */
  launch(requests: LaunchRequest[]): Promise<VmNode[]>;
  terminate(nodes: VmNode[]): Promise<void>;
  markDraining(nodes: VmNode[], since: number): Promise<void>;
  writeClusterState(head: VmNode, state: ClusterState): Promise<void>;
  /** The spec document a node was launched with. */
  readSpec(node: VmNode): Promise<string>;
}
