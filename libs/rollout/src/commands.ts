/**
 * Commands the worker executes through the CloudProvider port / routing table / event log.
 * Every command carries `key` = `<rolloutId>/<seq>/<what>`: stable for a given state and
 * observations, so a retried tick replays the same keys and the provider creates nothing twice.
 */
import type { RolloutEvent } from './events';
import type { ReplicaRef } from './plan-types';

export type VersionRole = 'primary' | 'canary';

export interface VersionRef {
  role: VersionRole;
  versionId: string;
}

/** Exact replica target for one deployment at some capacity percentage. */
export type ReplicaTarget =
  | { kind: 'static'; replicas: number }
  /** `minReplicas` is the floor the autoscaler must keep (during a rollout: ≥ initial). */
  | { kind: 'autoscaling'; minReplicas: number; initialReplicas: number; maxReplicas: number };

export interface DeploymentTarget {
  application: string;
  deployment: string;
  target: ReplicaTarget;
}

/** Canary/primary traffic weights in percent; they always sum to 100. */
export interface TrafficSplit {
  primary: number;
  canary: number;
}

export interface ProvisionClusterCommand {
  kind: 'provisionCluster';
  key: string;
  version: VersionRef;
  capacityPercent: number;
  targets: DeploymentTarget[];
}

export interface SetCapacityCommand {
  kind: 'setCapacity';
  key: string;
  version: VersionRef;
  capacityPercent: number;
  targets: DeploymentTarget[];
}

export interface SetWeightsCommand {
  kind: 'setWeights';
  key: string;
  primaryVersionId: string | null;
  canaryVersionId: string;
  /** `null` clears the service's routing entirely (terminate). */
  weights: TrafficSplit | null;
}

export interface TerminateClusterCommand {
  kind: 'terminateCluster';
  key: string;
  version: VersionRef;
  reason: string;
}

/** Lightweight: apply new replica/autoscaling/health settings, no replica restarts. */
export interface LightInPlaceUpdateCommand {
  kind: 'inPlaceUpdate';
  mode: 'light';
  key: string;
  cluster: VersionRef;
  toVersionId: string;
  targets: DeploymentTarget[];
}

/** Heavyweight: replace exactly one replica (start the new one, then stop `replica`). */
export interface HeavyInPlaceUpdateCommand {
  kind: 'inPlaceUpdate';
  mode: 'heavy';
  key: string;
  cluster: VersionRef;
  toVersionId: string;
  replica: ReplicaRef;
  /** 0-based position of this replica and how many are replaced in total. */
  index: number;
  total: number;
}

export type InPlaceUpdateCommand = LightInPlaceUpdateCommand | HeavyInPlaceUpdateCommand;

export interface RecordEventCommand {
  kind: 'recordEvent';
  key: string;
  event: RolloutEvent;
}

export type Command =
  | ProvisionClusterCommand
  | SetCapacityCommand
  | SetWeightsCommand
  | TerminateClusterCommand
  | InPlaceUpdateCommand
  | RecordEventCommand;

export type CommandKind = Command['kind'];

/** A command before the decision assigns its idempotency key. */
type WithoutKey<C> = C extends unknown ? Omit<C, 'key'> : never;
export type UnkeyedCommand = WithoutKey<Command>;
