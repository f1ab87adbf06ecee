/**
 * What a rollout is asked to do: the plan as the API hands it in (`RolloutPlanInput`, defaults
 * optional) and as the machine stores it (`RolloutPlan`, every default filled in, validated).
 */

/** How many replicas a deployment runs at full (100 %) capacity. */
export type ReplicaSpec =
  | { kind: 'static'; numReplicas: number }
  | { kind: 'autoscaling'; minReplicas: number; initialReplicas: number; maxReplicas: number };

/** One Ray Serve-style deployment inside one application of a version. */
export interface DeploymentSpec {
  application: string;
  deployment: string;
  replicas: ReplicaSpec;
}

/** A service version as the rollout sees it: an id and the replica shape of its deployments. */
export interface VersionSpec {
  versionId: string;
  deployments: DeploymentSpec[];
}

/** One step of an automatic schedule: move canary traffic to `percent`, then hold `holdS`. */
export interface ScheduleStep {
  percent: number;
  holdS: number;
}

export type ScheduleInput =
  /** `steps` default to 5,10,20,30,50,75,100 % each held `holdS` (default 20 s). */
  | { kind: 'automatic'; steps?: ScheduleStep[]; holdS?: number }
  /** Manual control: move to `canaryPercent` and pause until the next user command. */
  | { kind: 'manual'; canaryPercent: number };

/** Tunables shared by every strategy; all optional in the input. */
export interface RolloutTimingInput {
  /** Rollout deadline, from `initialState(…, now)`. Default 7200 (120 minutes). */
  timeoutS?: number;
  /** Consecutive unhealthy canary observations that trigger an automatic rollback. Default 3. */
  healthFailureThreshold?: number;
  /** Tick cadence while waiting on the outside world. Default 5. */
  pollIntervalS?: number;
  /** Time between "all traffic on the canary" and terminating the old primary. Default 30. */
  drainS?: number;
}

/** A ReplicaRef names one running replica that a heavyweight in-place update replaces. */
export interface ReplicaRef {
  application: string;
  deployment: string;
  replicaId: string;
}

/** Result of `classifyInPlaceChange`, plus the replicas to replace for a heavyweight update. */
export type InPlaceChangeInput = { mode: 'light' } | { mode: 'heavy'; replicas: ReplicaRef[] };

/** First version of a service: no primary, provision → healthy → 100 %. */
export interface InitialPlanInput extends RolloutTimingInput {
  strategy: 'INITIAL';
  rolloutId: string;
  canary: VersionSpec;
}

/** An update through a new cluster: canary version next to the serving primary. */
export interface CanaryPlanInput extends RolloutTimingInput {
  strategy: 'CANARY';
  rolloutId: string;
  primary: VersionSpec;
  canary: VersionSpec;
  schedule?: ScheduleInput;
  /** Constrained rollout: total capacity never above 100 + S %. Unset = full duplicate. */
  maxSurgePercent?: number;
}

/**
 * An update of the primary's own cluster (`--in-place`). `canaryPercent` and `maxSurgePercent`
 * exist on this type only so that a request carrying them is refused with a typed error.
 */
export interface InPlacePlanInput extends RolloutTimingInput {
  strategy: 'IN_PLACE';
  rolloutId: string;
  primary: VersionSpec;
  /** The new version, applied onto the primary's cluster. */
  canary: VersionSpec;
  change: InPlaceChangeInput;
  canaryPercent?: number;
  maxSurgePercent?: number;
}

export type RolloutPlanInput = InitialPlanInput | CanaryPlanInput | InPlacePlanInput;
export type RolloutStrategy = RolloutPlanInput['strategy'];

/** A schedule after defaults: automatic always has explicit steps ending at 100 %. */
export type Schedule =
  { kind: 'automatic'; steps: ScheduleStep[] } | { kind: 'manual'; canaryPercent: number };

export interface RolloutTiming {
  timeoutS: number;
  healthFailureThreshold: number;
  pollIntervalS: number;
  drainS: number;
}

export interface InitialPlan extends RolloutTiming {
  strategy: 'INITIAL';
  rolloutId: string;
  canary: VersionSpec;
}

export interface CanaryPlan extends RolloutTiming {
  strategy: 'CANARY';
  rolloutId: string;
  primary: VersionSpec;
  canary: VersionSpec;
  schedule: Schedule;
  maxSurgePercent: number | null;
}

export interface InPlacePlan extends RolloutTiming {
  strategy: 'IN_PLACE';
  rolloutId: string;
  primary: VersionSpec;
  canary: VersionSpec;
  change: InPlaceChangeInput;
}

/** The validated plan stored inside the machine state (JSON). */
export type RolloutPlan = InitialPlan | CanaryPlan | InPlacePlan;
