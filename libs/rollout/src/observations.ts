/**
 * What the worker saw since the last tick. Every field is optional: an absent field means
 * "not observed this tick" and never counts as a failure.
 */

/** Outcome of the canary cluster's provisioning, once the provider knows it. */
export type ProvisionObservation = { status: 'ok' } | { status: 'failed'; reason: string };

export interface DeploymentReadiness {
  application: string;
  deployment: string;
  /** Replicas that pass their readiness/health check and may receive traffic. */
  readyReplicas: number;
}

/** Health and readiness of one version's cluster. */
export interface VersionObservation {
  /** Every application of the version reports healthy. */
  healthy: boolean;
  /** Ready replicas per deployment; a deployment missing here counts as 0 ready. */
  deployments: DeploymentReadiness[];
  /** The provider's own view; `false` vetoes readiness even when the counts look sufficient. */
  desiredCapacityReached?: boolean;
}

/** Commands a user issued through the API/CLI/console, delivered one per tick. */
export type UserCommand =
  | { kind: 'setCanaryPercent'; percent: number }
  | { kind: 'rollback'; maxSurgePercent?: number }
  | { kind: 'terminate' };

export interface InPlaceObservation {
  /** Ids of old replicas whose replacement (heavyweight in-place update) is running and ready. */
  replacedReplicaIds: string[];
}

export interface Observations {
  provision?: ProvisionObservation;
  /** The serving version's cluster (for IN_PLACE: the one cluster being updated). */
  primary?: VersionObservation;
  /** The version being rolled out (for INITIAL: the first version). */
  canary?: VersionObservation;
  inPlace?: InPlaceObservation;
  userCommand?: UserCommand;
}
