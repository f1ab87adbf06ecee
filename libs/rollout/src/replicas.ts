/**
 * Replica math: how many replicas a deployment runs at a capacity percentage, and whether the
 * replicas a version reports ready cover that capacity.
 *
 * Static deployments round UP and keep at least one replica while below 100 %:
 *
 *   replicasAt(n, p) = p ≥ 100 ? n : max(1, ceil(n · p / 100))
 *
 *   n=7,  p=50 → ceil(3.5)  = 4      (the reference's example)
 *   n=4,  p=25 → ceil(1.0)  = 1
 *   n=4,  p=5  → ceil(0.2)  = 1      (never 0 before 100 %)
 *   n=10, p=75 → ceil(7.5)  = 8
 *   n=3,  p=0  → 1                   (a live cluster keeps one replica per deployment)
 *
 * Autoscaling deployments scale min, initial and max by the same rule; during the rollout the
 * scaled `initial` is the floor, so the target's `minReplicas` is max(scaled min, scaled initial):
 *
 *   {min 2, initial 4, max 10} at 25 % → min max(1,ceil(0.5))=1, initial ceil(1)=1,
 *                                        max ceil(2.5)=3   → {min 1, initial 1, max 3}
 *   {min 2, initial 4, max 10} at 50 % → {min max(1,2)=2, initial 2, max 5}
 *   {min 0, initial 3, max 8}  at 100 % → {min 3, initial 3, max 8}  (initial as floor)
 *   after the rollout (finalTarget)     → {min 0, initial 3, max 8}  (configured bounds back)
 *
 * Percentages are integers, so n·p is an integer and n·p/100 is exact in IEEE doubles.
 */
import type { DeploymentTarget, ReplicaTarget } from './commands';
import type { DeploymentReadiness, VersionObservation } from './observations';
import type { ReplicaSpec, VersionSpec } from './plan-types';

export function replicasAt(fullReplicas: number, percent: number): number {
  if (percent >= 100) return fullReplicas;
  return Math.max(1, Math.ceil((fullReplicas * percent) / 100));
}

/** Target for one deployment at `percent` of capacity while a rollout is in progress. */
export function targetAt(spec: ReplicaSpec, percent: number): ReplicaTarget {
  switch (spec.kind) {
    case 'static':
      return { kind: 'static', replicas: replicasAt(spec.numReplicas, percent) };
    case 'autoscaling': {
      const min = percent >= 100 ? spec.minReplicas : replicasAt(spec.minReplicas, percent);
      const initial =
        percent >= 100 ? spec.initialReplicas : replicasAt(spec.initialReplicas, percent);
      const max = percent >= 100 ? spec.maxReplicas : replicasAt(spec.maxReplicas, percent);
      const floor = Math.max(min, initial);
      return {
        kind: 'autoscaling',
        minReplicas: floor,
        initialReplicas: initial,
        maxReplicas: Math.max(max, floor),
      };
    }
    default: {
      const _exhaustive: never = spec;
      return _exhaustive;
    }
  }
}

/** The configured shape, applied once the rollout is over (autoscaling min no longer floored). */
export function finalTarget(spec: ReplicaSpec): ReplicaTarget {
  switch (spec.kind) {
    case 'static':
      return { kind: 'static', replicas: spec.numReplicas };
    case 'autoscaling':
      return {
        kind: 'autoscaling',
        minReplicas: spec.minReplicas,
        initialReplicas: spec.initialReplicas,
        maxReplicas: spec.maxReplicas,
      };
    default: {
      const _exhaustive: never = spec;
      return _exhaustive;
    }
  }
}

export function targetsAt(version: VersionSpec, percent: number): DeploymentTarget[] {
  return version.deployments.map((d) => ({
    application: d.application,
    deployment: d.deployment,
    target: targetAt(d.replicas, percent),
  }));
}

export function finalTargets(version: VersionSpec): DeploymentTarget[] {
  return version.deployments.map((d) => ({
    application: d.application,
    deployment: d.deployment,
    target: finalTarget(d.replicas),
  }));
}

/** Replicas that must be ready before the target counts as reached. */
export function floorOf(target: ReplicaTarget): number {
  switch (target.kind) {
    case 'static':
      return target.replicas;
    case 'autoscaling':
      return target.minReplicas;
    default: {
      const _exhaustive: never = target;
      return _exhaustive;
    }
  }
}

export interface Readiness {
  ready: boolean;
  /** Ready replicas counted towards the targets (capped at each deployment's floor). */
  readyReplicas: number;
  requiredReplicas: number;
}

/**
 * Is `percent` of `version`'s capacity ready? Every deployment needs `floorOf(target)` ready
 * replicas; a deployment absent from the observation has 0; no observation means not ready.
 *
 *   7-replica deployment at 50 %: required 4; observed 3 ready → {ready: false, 3/4}
 */
export function readinessAt(
  version: VersionSpec,
  percent: number,
  observation: VersionObservation | undefined,
  targets: DeploymentTarget[] = targetsAt(version, percent),
): Readiness {
  let readyReplicas = 0;
  let requiredReplicas = 0;
  let allCovered = observation !== undefined && observation.desiredCapacityReached !== false;
  for (const t of targets) {
    const required = floorOf(t.target);
    const observed = readyCount(observation?.deployments ?? [], t.application, t.deployment);
    requiredReplicas += required;
    readyReplicas += Math.min(observed, required);
    if (observed < required) allCovered = false;
  }
  return { ready: allCovered, readyReplicas, requiredReplicas };
}

function readyCount(
  deployments: DeploymentReadiness[],
  application: string,
  deployment: string,
): number {
  const found = deployments.find(
    (d) => d.application === application && d.deployment === deployment,
  );
  return found?.readyReplicas ?? 0;
}
