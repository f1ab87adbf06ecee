/**
 * What the local provider remembers about its clusters and replica processes. Plain JSON-able
 * values (epoch ms, no Dates), so any store can keep them: the in-memory one for unit tests,
 * Postgres in the worker (apps/worker/src/providers/local-replica-store.ts).
 */
import type { ReplicaTarget } from '@switchyard/rollout';
import type { ApplicationRuntimeSpec, ClusterLabels } from '../port';

/**
 * One replica's lifecycle:
 *   STARTING  — spawned (or about to be: `pid` null); no health check has passed yet
 *   READY     — passed a health check: receives traffic
 *   UNHEALTHY — crashed, or failed `failureThreshold` checks in a row: not routed; restarted
 *               after an exponential backoff (`nextRestartAt`)
 *   DRAINING  — being removed: no new requests; SIGTERM after the drain period, SIGKILL after
 *               the graceful-shutdown timeout
 *   STOPPED   — gone (kept as history)
 */
export type LocalReplicaState = 'STARTING' | 'READY' | 'UNHEALTHY' | 'DRAINING' | 'STOPPED';

/** A local cluster is RUNNING from provisioning (the machine is already there) until terminated. */
export type LocalClusterState = 'RUNNING' | 'TERMINATING' | 'TERMINATED';

/** Ray Serve's autoscaling knobs that the port's targets do not carry. */
export interface AutoscalingPolicy {
  targetOngoingRequests: number;
  upscaleDelayS: number;
  downscaleDelayS: number;
}

/** The autoscaler's decision in waiting: applied once it has held for the up/downscale delay. */
export interface PendingScale {
  direction: 'up' | 'down';
  since: number;
}

export interface LocalDeploymentRecord {
  application: string;
  deployment: string;
  /** What the engine asked for (static count, or autoscaling bounds). */
  target: ReplicaTarget;
  /** Replicas wanted now: the static count, or the autoscaler's latest decision within the bounds. */
  desired: number;
  pending: PendingScale | null;
  /** Next replica number in this deployment (replica ids are never reused). */
  nextOrdinal: number;
}

export interface LocalClusterRecord {
  providerClusterId: string;
  /** The provisioning's idempotency key: unique. */
  clusterKey: string;
  labels: ClusterLabels;
  state: LocalClusterState;
  /** The version's env_vars (replaced by a heavyweight in-place update). */
  env: Record<string, string>;
  /** Where replica commands run (the provisioning process's cwd). */
  workingDir: string;
  applications: ApplicationRuntimeSpec[];
  deployments: LocalDeploymentRecord[];
  /** `<method>:<key>` of every applied setCapacity / updateInPlace / terminateCluster. */
  appliedKeys: string[];
  /** Heavyweight in-place: replicas to replace (the supervisor starts a successor for each). */
  replacing: string[];
  /** Heavyweight in-place: replicas whose successor became ready (then drained). */
  replacedReplicaIds: string[];
  /** Epoch ms. The HEAD node runs from `createdAt` to `terminatedAt`. */
  createdAt: number;
  terminatingAt: number | null;
  terminatedAt: number | null;
  /** Optimistic concurrency: bumped by every update. */
  revision: number;
}

export interface LocalReplicaRecord {
  replicaId: string;
  providerClusterId: string;
  orgId: string;
  serviceId: string;
  versionId: string;
  application: string;
  deployment: string;
  ordinal: number;
  state: LocalReplicaState;
  /** The `/bin/sh` leader of the replica's own process group (pgid = pid); null while not running. */
  pid: number | null;
  pgid: number | null;
  /** Loopback port (kept while restarting, so the endpoint stays the same when it can). */
  port: number | null;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot): tells a recycled pid from ours. */
  processStartTime: number | null;
  startedAt: number | null;
  readyAt: number | null;
  restarts: number;
  /** Crashes/failed starts since the replica last stayed ready for a while: the backoff exponent. */
  crashStreak: number;
  lastExitCode: number | null;
  lastFailure: string | null;
  nextRestartAt: number | null;
  drainingSince: number | null;
  /** When SIGTERM was sent (drain over, or restart of an unhealthy replica). */
  signalledAt: number | null;
  stoppedAt: number | null;
  /** Heavyweight in-place: the replica this one replaces once ready. */
  replaces: string | null;
  createdAt: number;
}

/** Fields the supervisor changes on a replica (identity never changes). */
export type LocalReplicaPatch = Partial<
  Pick<
    LocalReplicaRecord,
    | 'state'
    | 'pid'
    | 'pgid'
    | 'port'
    | 'processStartTime'
    | 'startedAt'
    | 'readyAt'
    | 'restarts'
    | 'crashStreak'
    | 'lastExitCode'
    | 'lastFailure'
    | 'nextRestartAt'
    | 'drainingSince'
    | 'signalledAt'
    | 'stoppedAt'
    | 'replaces'
  >
>;

export const deploymentKey = (application: string, deployment: string) =>
  `${application}/${deployment}`;
