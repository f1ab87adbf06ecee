/**
 * IN_PLACE updates of the primary's own cluster (no new cluster, no traffic split):
 *
 *   light: PENDING → WAITING_HEALTHY (settings applied, no restarts) → SUCCEEDED
 *   heavy: PENDING → SHIFTING (one replica replaced per step, each waiting until its
 *          replacement is ready) → WAITING_HEALTHY → SUCCEEDED
 *
 * There is nothing to roll back to: timeout → FAILED; rollback/canary_percent are ignored.
 * Observations of the one cluster come in `observations.primary`.
 */
import { cancelRollout } from './cancel';
import type { Decision } from './decision';
import type { Observations } from './observations';
import type { InPlacePlan } from './plan-types';
import { finalTargets, readinessAt } from './replicas';

export function decideInPlace(d: Decision, observations: Observations): void {
  const s = d.state;
  const command = observations.userCommand;
  if (command?.kind === 'terminate') {
    cancelRollout(d);
    return;
  }
  if (command) {
    d.event('COMMAND_IGNORED', `${command.kind} ignored: not available for an in-place update`);
  }
  if (d.now >= s.deadlineAt) {
    s.timeoutReported = true;
    d.transition('FAILED', `in-place update exceeded its timeout of ${d.plan.timeoutS} s`);
    return;
  }
  const plan = d.plan as InPlacePlan;
  switch (s.phase) {
    case 'PENDING':
      return startInPlace(d, plan);
    case 'SHIFTING':
      return replaceNextReplica(d, plan, observations);
    case 'WAITING_HEALTHY':
      return awaitHealthy(d, plan, observations);
    default:
      return;
  }
}

function startInPlace(d: Decision, plan: InPlacePlan): void {
  const change = plan.change;
  switch (change.mode) {
    case 'light':
      d.emit(
        {
          kind: 'inPlaceUpdate',
          mode: 'light',
          cluster: d.version('primary'),
          toVersionId: plan.canary.versionId,
          targets: finalTargets(plan.canary),
        },
        'in-place/light',
      );
      d.transition(
        'WAITING_HEALTHY',
        'lightweight in-place update: new replica/autoscaling/health settings applied without restarting replicas',
      );
      return;
    case 'heavy':
      if (change.replicas.length === 0) {
        d.transition(
          'WAITING_HEALTHY',
          'heavyweight in-place update: no running replicas to replace',
        );
        return;
      }
      emitReplacement(d, plan, 0);
      d.transition(
        'SHIFTING',
        `heavyweight in-place update: replacing ${change.replicas.length} replica(s) one at a time`,
      );
      return;
    default: {
      const _exhaustive: never = change;
      return _exhaustive;
    }
  }
}

function emitReplacement(d: Decision, plan: InPlacePlan, index: number): void {
  if (plan.change.mode !== 'heavy') return;
  const replica = plan.change.replicas[index];
  if (!replica) return;
  d.state.inPlaceReplicaIndex = index;
  d.emit(
    {
      kind: 'inPlaceUpdate',
      mode: 'heavy',
      cluster: d.version('primary'),
      toVersionId: plan.canary.versionId,
      replica,
      index,
      total: plan.change.replicas.length,
    },
    `in-place/replica/${index}`,
  );
}

function replaceNextReplica(d: Decision, plan: InPlacePlan, observations: Observations): void {
  if (plan.change.mode !== 'heavy') return;
  const replicas = plan.change.replicas;
  const index = d.state.inPlaceReplicaIndex;
  const current = replicas[index];
  if (!current || !observations.inPlace?.replacedReplicaIds.includes(current.replicaId)) return;
  const name = `${current.application}/${current.deployment} replica ${current.replicaId}`;
  d.event(
    'REPLICA_REPLACED',
    `${name} replaced and its successor is ready (${index + 1}/${replicas.length})`,
  );
  if (index + 1 < replicas.length) {
    emitReplacement(d, plan, index + 1);
    return;
  }
  d.state.inPlaceReplicaIndex = replicas.length;
  d.transition('WAITING_HEALTHY', `all ${replicas.length} replica(s) replaced`);
  awaitHealthy(d, plan, observations);
}

function awaitHealthy(d: Decision, plan: InPlacePlan, observations: Observations): void {
  const readiness = readinessAt(plan.canary, 100, observations.primary, finalTargets(plan.canary));
  if (observations.primary?.healthy !== true || !readiness.ready) return;
  d.transition(
    'SUCCEEDED',
    `in-place update to ${plan.canary.versionId} healthy: ${readiness.readyReplicas}/${readiness.requiredReplicas} replicas ready`,
  );
}
