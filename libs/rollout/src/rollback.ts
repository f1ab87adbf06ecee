/**
 * Rollbacks (never for INITIAL, which has nothing to return to: it FAILS instead).
 *
 * Immediate (automatic triggers, or manual without a surge) — in ONE decision, in this order:
 *   setWeights {primary 100, canary 0} · setCapacity primary 100 % (if it was reduced) ·
 *   terminateCluster canary. Then ROLLING_BACK waits until the primary is observed ready at
 *   100 % and finishes as ROLLED_BACK.
 *
 * Gradual (manual rollback with maxSurgePercent S) — the forward table run backwards, each
 * traffic move waiting for READY primary capacity. From canary 75 % cap / 75 % traffic,
 * primary 25 %, S = 25:
 *   primary cap 50 → (ready) traffic primary 50, canary cap 50 → primary cap 75 → (ready)
 *   traffic primary 75, canary 25 → primary cap 100 → (ready) traffic primary 100, canary
 *   terminated → ROLLED_BACK.
 */
import type { Decision } from './decision';
import { applyCapacity, applyTraffic, terminateCanary } from './effects';
import type { Observations } from './observations';
import { readinessAt } from './replicas';
import type { RollbackTrigger } from './state';
import { advanceTraffic } from './traffic';

export function startRollback(
  d: Decision,
  trigger: RollbackTrigger,
  reason: string,
  surge: number | null,
  observations: Observations,
): void {
  const s = d.state;
  const mode = surge === null ? 'immediate' : 'gradual';
  s.rollback = { trigger, mode, maxSurgePercent: surge, reason };
  // The canary's goal is now 0 %: status pages show a version's target from it, and a gradual
  // rollback still on its way must not show the forward goal it abandoned.
  s.goalPercent = 0;
  s.holdUntil = null;
  s.drainUntil = null;
  d.transition('ROLLING_BACK', reason);
  if (mode === 'gradual') {
    handleRollingBack(d, observations);
    return;
  }
  rollBackAtOnce(d, reason);
}

/** A gradual rollback turned immediate (automatic trigger or a second, unconstrained rollback). */
export function escalateRollback(d: Decision, reason: string): void {
  const s = d.state;
  if (s.rollback) s.rollback = { ...s.rollback, mode: 'immediate', maxSurgePercent: null };
  d.event('COMMAND_ACCEPTED', `rollback now immediate: ${reason}`);
  rollBackAtOnce(d, reason);
}

/** Weights (always re-asserted), primary capacity, canary termination: one decision. */
function rollBackAtOnce(d: Decision, reason: string): void {
  applyTraffic(d, { primary: 100, canary: 0 }, 'rollback: all traffic back to the primary', true);
  applyCapacity(d, 'primary', 100, 'rollback: primary back to full capacity');
  terminateCanary(d, `rollback: ${reason}`);
}

export function handleRollingBack(d: Decision, observations: Observations): void {
  const s = d.state;
  const rollback = s.rollback;
  if (!rollback) return;
  if (s.traffic.primary < 100) {
    const outcome = advanceTraffic(d, 0, rollback.maxSurgePercent, observations, false);
    if (outcome !== 'atGoal' && s.traffic.primary < 100) return;
  }
  terminateCanary(d, `rollback: ${rollback.reason}`);
  if (s.capacity.primary < 100) {
    applyCapacity(d, 'primary', 100, 'rollback: primary back to full capacity');
    return;
  }
  const readiness = readinessAt(d.spec('primary'), 100, observations.primary);
  if (!readiness.ready) return;
  d.transition(
    'ROLLED_BACK',
    `primary serving 100 % with ${readiness.readyReplicas}/${readiness.requiredReplicas} replicas ready (${rollback.reason})`,
  );
}
