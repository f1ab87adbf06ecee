/** Replica targets as the VM adapters read them: one replica per worker node, no autoscaling on load. */
import type { ReplicaTarget } from '@switchyard/rollout';

export const deploymentKey = (application: string, deployment: string) =>
  `${application}/${deployment}`;

/** Static → that many; autoscaling → the autoscaler's starting point, `max(initial, min)` capped at max. */
export function desiredReplicas(target: ReplicaTarget): number {
  if (target.kind === 'static') return target.replicas;
  const start = Math.max(target.initialReplicas, target.minReplicas);
  return Math.min(start, Math.max(target.maxReplicas, target.minReplicas));
}

export function isValidTarget(target: ReplicaTarget): boolean {
  const ok = (n: number) => Number.isInteger(n) && n >= 0;
  return target.kind === 'static'
    ? ok(target.replicas)
    : ok(target.minReplicas) && ok(target.initialReplicas) && ok(target.maxReplicas);
}

/** Compact text form for a tag value: `static:3`, `autoscaling:1:2:4` (min:initial:max). */
export function formatTarget(target: ReplicaTarget): string {
  return target.kind === 'static'
    ? `static:${target.replicas}`
    : `autoscaling:${target.minReplicas}:${target.initialReplicas}:${target.maxReplicas}`;
}

export function parseTarget(text: string): ReplicaTarget | null {
  const [kind, ...rest] = text.split(':');
  const nums = rest.map(Number);
  if (!nums.every((n) => Number.isInteger(n) && n >= 0)) return null;
  if (kind === 'static' && nums.length === 1) return { kind: 'static', replicas: nums[0]! };
  if (kind === 'autoscaling' && nums.length === 3)
    return {
      kind: 'autoscaling',
      minReplicas: nums[0]!,
      initialReplicas: nums[1]!,
      maxReplicas: nums[2]!,
    };
  return null;
}
