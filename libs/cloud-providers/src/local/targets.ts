/** Replica counts from the engine's targets (the engine did the percentage math; this clamps). */
import type { DeploymentTarget, ReplicaTarget } from '@switchyard/rollout';
import { ProviderError } from '../port';
import type { LocalClusterRecord, LocalDeploymentRecord } from './records';

export function validTarget(t: ReplicaTarget): boolean {
  const ok = (n: number) => Number.isInteger(n) && n >= 0;
  if (t.kind === 'static') return ok(t.replicas);
  return (
    ok(t.minReplicas) &&
    ok(t.initialReplicas) &&
    ok(t.maxReplicas) &&
    t.minReplicas <= t.maxReplicas
  );
}

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(n, min), max);

/**
 * Replicas wanted right after a target is applied: a static count as given; autoscaling starts at
 * `initialReplicas` (clamped) when new, else keeps the autoscaler's current count within the new
 * bounds (Ray Serve uses initial_replicas only when a deployment is created).
 */
export function desiredAfter(
  previous: LocalDeploymentRecord | null,
  target: ReplicaTarget,
): number {
  if (target.kind === 'static') return target.replicas;
  if (previous === null || previous.target.kind === 'static') {
    return clamp(target.initialReplicas, target.minReplicas, target.maxReplicas);
  }
  return clamp(previous.desired, target.minReplicas, target.maxReplicas);
}

/** Checks every target names a deployment of the cluster and is well-formed. */
export function checkTargets(
  cluster: Pick<LocalClusterRecord, 'providerClusterId' | 'deployments'>,
  targets: DeploymentTarget[],
): void {
  for (const t of targets) {
    if (
      !cluster.deployments.some(
        (d) => d.application === t.application && d.deployment === t.deployment,
      )
    ) {
      throw new ProviderError(
        'invalid_request',
        `local: no deployment ${t.application}/${t.deployment} in ${cluster.providerClusterId}`,
      );
    }
    if (!validTarget(t.target)) {
      throw new ProviderError(
        'invalid_request',
        `local: bad replica target for ${t.application}/${t.deployment}`,
      );
    }
  }
}

/** The cluster's deployments with `targets` applied (a new autoscaler wait starts from scratch). */
export function withTargets(
  deployments: LocalDeploymentRecord[],
  targets: DeploymentTarget[],
): LocalDeploymentRecord[] {
  return deployments.map((d) => {
    const t = targets.find((x) => x.application === d.application && x.deployment === d.deployment);
    if (!t) return d;
    return { ...d, target: { ...t.target }, desired: desiredAfter(d, t.target), pending: null };
  });
}
