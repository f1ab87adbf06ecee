/**
 * The whole state of the sim's fake cloud: plain JSON, so `FileSimStore` can persist it and
 * several processes (a worker that gets SIGKILLed, the test that inspects it) can share it.
 */
import type { ReplicaTarget } from '@switchyard/rollout';
import type { ApplicationRuntimeSpec, ClusterLabels, ComputeSpec, NodeInfo, ProviderErrorKind } from '../port';
import type { SimFault } from './faults';

export type SimMethod =
  | 'provisionCluster'
  | 'describeCluster'
  | 'setCapacity'
  | 'updateInPlace'
  | 'terminateCluster'
  | 'findClusters';

/**
 * One provider call, in call order. `outcome`:
 * - `applied` — a mutating call that changed the fake cloud (a provision that launched a cluster);
 * - `noop` — a replayed key, a provision whose `clusterKey` already had a cluster, or a
 *   terminate of a terminated cluster;
 * - `read` — describeCluster / findClusters (only when `ledgerReads` is on, the default);
 * - `error` — the call threw a ProviderError of kind `errorKind`.
 */
export interface SimLedgerEntry {
  seq: number;
  method: SimMethod;
  /** The idempotency key (`clusterKey` for provisionCluster); null for reads. */
  key: string | null;
  clusterKey: string | null;
  providerClusterId: string | null;
  /** `clock()` of the calling process. */
  at: number;
  outcome: 'applied' | 'noop' | 'read' | 'error';
  errorKind: ProviderErrorKind | null;
}

export interface SimReplica {
  replicaId: string;
  /** Ordinal within its deployment; part of the endpoint. */
  n: number;
  endpoint: string;
  startedAt: number;
  /** Set by a scale-down; the replica is reported draining once, then removed. */
  draining: boolean;
  /** The draining replica has been reported by one describeCluster; the next one removes it. */
  drainObserved: boolean;
  /** Heavyweight in-place: the replica this one replaces (removed once this one is ready). */
  replaces: string | null;
}

export interface SimDeployment {
  application: string;
  deployment: string;
  target: ReplicaTarget;
  /** GPUs per replica (from the runtime spec): placed on a GPU worker group when > 0. */
  gpus: number;
  nextReplicaNo: number;
  replicas: SimReplica[];
}

/** The port's NodeInfo, as the sim stores it: started on creation, its state derived on describe. */
export type SimNode = Omit<NodeInfo, 'state' | 'startedAt'> & { startedAt: number };

export interface SimCluster {
  providerClusterId: string;
  clusterKey: string;
  labels: ClusterLabels;
  createdAt: number;
  /** When the cluster was (or will be) RUNNING: `createdAt + nodeStartMs`. */
  runningAt: number;
  terminatedAt: number | null;
  /** `provision_fail`: decided at provisioning; the cluster is FAILED from `runningAt` on. */
  failureReason: string | null;
  /** Env of the running version (`SWITCHYARD_SIM_FAULT` is read from here). */
  env: Record<string, string>;
  compute: ComputeSpec | null;
  applications: ApplicationRuntimeSpec[];
  deployments: SimDeployment[];
  nodes: SimNode[];
  nextNodeNo: number;
  replacedReplicaIds: string[];
  /** `<method>:<key>` of every applied setCapacity / updateInPlace / terminateCluster. */
  appliedKeys: Record<string, true>;
}

export interface SimState {
  version: 1;
  nextClusterNo: number;
  nextLedgerSeq: number;
  clusters: Record<string, SimCluster>;
  /** clusterKey → providerClusterId. */
  clusterKeys: Record<string, string>;
  /** Programmatic faults (`injectFault`), by clusterKey or versionId. */
  faults: Record<string, SimFault[]>;
  /** `throttle_once` already fired: `<fault scope>|<method>`. */
  throttled: Record<string, true>;
  ledger: SimLedgerEntry[];
}

export function emptySimState(): SimState {
  return {
    version: 1,
    nextClusterNo: 1,
    nextLedgerSeq: 1,
    clusters: {},
    clusterKeys: {},
    faults: {},
    throttled: {},
    ledger: [],
  };
}
