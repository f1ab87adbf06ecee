/**
 * Forward progress of INITIAL and CANARY rollouts:
 *
 *   PENDING → PROVISIONING → WAITING_HEALTHY → SHIFTING ⇄ PAUSED (manual) → COMPLETING → SUCCEEDED
 *   INITIAL:  PENDING → PROVISIONING → WAITING_HEALTHY → SUCCEEDED (100 % at once)
 */
import type { Decision } from './decision';
import { applyTraffic, restoreConfiguredBounds, terminatePrimary } from './effects';
import type { Observations } from './observations';
import type { CanaryPlan } from './plan-types';
import { readinessAt, targetsAt } from './replicas';
import { initialCanaryCapacity } from './surge';
import { advanceTraffic } from './traffic';

export function surgeOf(d: Decision): number | null {
  return d.plan.strategy === 'CANARY' ? d.plan.maxSurgePercent : null;
}

export function handlePending(d: Decision): void {
  const s = d.state;
  const percent = initialCanaryCapacity(surgeOf(d));
  d.emit(
    {
      kind: 'provisionCluster',
      version: d.version('canary'),
      capacityPercent: percent,
      targets: targetsAt(d.spec('canary'), percent),
    },
    'provision/canary',
  );
  s.clusters.canaryProvisionRequested = true;
  s.capacity.canary = percent;
  d.transition(
    'PROVISIONING',
    `provisioning a cluster for version ${d.spec('canary').versionId} at ${percent} % capacity`,
  );
}

export function handleProvisioning(d: Decision, observations: Observations): void {
  if (observations.provision?.status !== 'ok') return;
  d.transition(
    'WAITING_HEALTHY',
    'cluster provisioned: waiting for every application to be healthy',
  );
  handleWaitingHealthy(d, observations);
}

export function handleWaitingHealthy(d: Decision, observations: Observations): void {
  const s = d.state;
  const readiness = readinessAt(d.spec('canary'), s.capacity.canary, observations.canary);
  if (observations.canary?.healthy !== true || !readiness.ready) return;
  s.health.canaryHealthyOnce = true;
  s.health.consecutiveFailures = 0;
  const ready = `${readiness.readyReplicas}/${readiness.requiredReplicas} replicas ready`;
  if (d.plan.strategy === 'INITIAL') {
    applyTraffic(d, { primary: 0, canary: 100 }, 'first version takes all traffic');
    restoreConfiguredBounds(d);
    d.transition('SUCCEEDED', `first version healthy: ${ready}; serving 100 % of traffic`);
    return;
  }
  d.transition('SHIFTING', `canary healthy: ${ready}`);
  handleShifting(d, observations);
}

/** Moves towards `goalPercent`; at the goal: complete (100 %), pause (manual) or hold (automatic). */
export function handleShifting(d: Decision, observations: Observations): void {
  const s = d.state;
  const plan = d.plan as CanaryPlan;
  if (s.traffic.canary !== s.goalPercent) {
    const outcome = advanceTraffic(d, s.goalPercent, plan.maxSurgePercent, observations, true);
    if (outcome === 'waiting' || s.traffic.canary !== s.goalPercent) return;
  }
  if (s.goalPercent === 100) {
    enterCompleting(d);
    return;
  }
  if (s.control === 'manual' || plan.schedule.kind === 'manual') {
    d.transition(
      'PAUSED',
      `paused at ${s.traffic.canary} % canary traffic until the next canary_percent command`,
    );
    return;
  }
  const steps = plan.schedule.steps;
  const step = steps[s.scheduleIndex];
  if (!step) return;
  if (s.holdUntil === null) {
    s.holdUntil = d.now + step.holdS * 1000;
    return;
  }
  if (d.now < s.holdUntil) return;
  const next = steps[s.scheduleIndex + 1];
  if (!next) return;
  s.scheduleIndex += 1;
  s.holdUntil = null;
  s.goalPercent = next.percent;
  d.event(
    'HOLD_COMPLETED',
    `held ${step.percent} % for ${step.holdS} s: next step ${next.percent} % (${s.scheduleIndex + 1}/${steps.length})`,
  );
  handleShifting(d, observations);
}

export function handlePaused(d: Decision, observations: Observations): void {
  const s = d.state;
  if (s.goalPercent === s.traffic.canary) return;
  d.transition('SHIFTING', `canary_percent set to ${s.goalPercent} %`);
  handleShifting(d, observations);
}

function enterCompleting(d: Decision): void {
  const s = d.state;
  s.capacity.primary = 0;
  s.holdUntil = null;
  s.drainUntil = d.now + d.plan.drainS * 1000;
  d.transition(
    'COMPLETING',
    `all traffic on the canary: old primary drains for ${d.plan.drainS} s, then terminates`,
  );
  handleCompleting(d);
}

export function handleCompleting(d: Decision): void {
  const s = d.state;
  if (s.drainUntil !== null && d.now < s.drainUntil) return;
  terminatePrimary(d, 'rollout succeeded: the canary is the new primary');
  restoreConfiguredBounds(d);
  d.transition(
    'SUCCEEDED',
    `version ${d.spec('canary').versionId} promoted to primary; old primary terminated`,
  );
}
