/**
 * Plans the launches and drains that bring each deployment to its target — a pure function of
 * the nodes the cloud lists, so a replayed call plans the same launches (same slots → same
 * idempotency tokens) and the cloud deduplicates them.
 *
 * Slots: under one launch key, a deployment's launches are numbered 0, 1, 2…; a slot whose node
 * the cloud already lists is skipped. A launch that succeeded but is not yet listed (eventual
 * consistency) is simply requested again with the same token, which returns the same node.
 */
import type { ReplicaTarget } from '@switchyard/rollout';
import type { ReplicaAssignment, VmNode } from './model';
import { deploymentKey, desiredReplicas } from './replica-targets';

export const isLive = (n: VmNode) => n.lifecycle === 'pending' || n.lifecycle === 'running';
export const isDown = (n: VmNode) => n.lifecycle === 'stopping' || n.lifecycle === 'stopped';
export const replicaKeyOf = (n: VmNode) =>
  n.replica ? deploymentKey(n.replica.application, n.replica.deployment) : null;

/** A deployment's replicas that count toward its target: live, not draining, not being replaced. */
export function activeReplicas(nodes: VmNode[], key: string): VmNode[] {
  const workers = nodes.filter(
    (n) => n.role === 'WORKER' && isLive(n) && n.drainingSince === null && replicaKeyOf(n) === key,
  );
  const replaced = new Set(workers.map((n) => n.replaces).filter((r): r is string => r !== null));
  return workers.filter((n) => !replaced.has(n.id));
}

export interface PlannedLaunch {
  replica: ReplicaAssignment;
  slot: number;
}

export interface ReplicaPlan {
  launches: PlannedLaunch[];
  drains: VmNode[];
}

/** Scale-down victims: nodes still starting first, then the newest. */
function drainOrder(a: VmNode, b: VmNode): number {
  if (a.lifecycle !== b.lifecycle) return a.lifecycle === 'pending' ? -1 : 1;
  return (b.launchedAt ?? 0) - (a.launchedAt ?? 0) || b.id.localeCompare(a.id);
}

export function splitDeploymentKey(key: string): ReplicaAssignment {
  const at = key.indexOf('/');
  return { application: key.slice(0, at), deployment: key.slice(at + 1) };
}

export function planReplicas(
  nodes: VmNode[],
  targets: Record<string, ReplicaTarget>,
  launchKey: string,
): ReplicaPlan {
  const plan: ReplicaPlan = { launches: [], drains: [] };
  // In name order, so every cloud launches in the same order whatever order its state came back in.
  for (const [key, target] of Object.entries(targets).sort(([a], [b]) => a.localeCompare(b))) {
    const active = activeReplicas(nodes, key);
    const desired = desiredReplicas(target);
    if (active.length < desired) {
      const used = new Set(
        nodes
          .filter((n) => n.launchKey === launchKey && replicaKeyOf(n) === key)
          .map((n) => n.slot),
      );
      for (let slot = 0, missing = desired - active.length; missing > 0; slot++) {
        if (used.has(slot)) continue;
        plan.launches.push({ replica: splitDeploymentKey(key), slot });
        missing--;
      }
    } else if (active.length > desired) {
      plan.drains.push(...[...active].sort(drainOrder).slice(0, active.length - desired));
    }
  }
  return plan;
}
