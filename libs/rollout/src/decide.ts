/**
 * `initialState` creates a machine from a plan; `decide` advances it by one tick. Both are pure:
 * time comes in as `now` (epoch ms); the state is JSON; the same inputs give the same outputs,
 * idempotency keys included.
 */
import { RolloutPlanError } from './errors';
import { Decision, type DecideResult } from './decision';
import {
  handleCompleting,
  handlePaused,
  handlePending,
  handleProvisioning,
  handleShifting,
  handleWaitingHealthy,
} from './forward';
import { decideInPlace } from './in-place-rollout';
import type { Observations } from './observations';
import { normalizePlan } from './plan';
import type { RolloutPlanInput } from './plan-types';
import { handleRollingBack } from './rollback';
import { isTerminal, type RolloutMachineState } from './state';
import { supervise } from './supervision';

/** Validates the plan (throws `RolloutPlanError` listing every problem) and returns PENDING. */
export function initialState(input: RolloutPlanInput, now: number): RolloutMachineState {
  const validation = normalizePlan(input);
  if (!validation.ok) throw new RolloutPlanError(validation.problems);
  const plan = structuredClone(validation.plan);
  const hasPrimary = plan.strategy !== 'INITIAL';
  const manual = plan.strategy === 'CANARY' && plan.schedule.kind === 'manual';
  let goalPercent = 100;
  if (plan.strategy === 'CANARY') {
    goalPercent =
      plan.schedule.kind === 'manual'
        ? plan.schedule.canaryPercent
        : (plan.schedule.steps[0]?.percent ?? 100);
  }
  return {
    schemaVersion: 1,
    rolloutId: plan.rolloutId,
    plan,
    phase: 'PENDING',
    seq: 0,
    startedAt: now,
    deadlineAt: now + plan.timeoutS * 1000,
    phaseEnteredAt: now,
    control: manual ? 'manual' : 'automatic',
    goalPercent,
    scheduleIndex: 0,
    holdUntil: null,
    drainUntil: null,
    capacity: { primary: hasPrimary ? 100 : 0, canary: 0 },
    traffic: { primary: hasPrimary ? 100 : 0, canary: 0 },
    clusters: {
      canaryProvisionRequested: false,
      canaryTerminated: false,
      primaryTerminated: false,
    },
    health: { canaryHealthyOnce: false, consecutiveFailures: 0 },
    timeoutReported: false,
    rollback: null,
    inPlaceReplicaIndex: 0,
    outcomeReason: null,
  };
}

export function decide(
  state: RolloutMachineState,
  observations: Observations,
  now: number,
): DecideResult {
  if (isTerminal(state.phase)) return { state, commands: [], nextTickAt: null, changed: false };
  const d = new Decision(state, now);
  if (state.plan.strategy === 'IN_PLACE') {
    decideInPlace(d, observations);
    return d.result();
  }
  if (supervise(d, observations)) return d.result();
  const phase = d.state.phase;
  switch (phase) {
    case 'PENDING':
      handlePending(d);
      break;
    case 'PROVISIONING':
      handleProvisioning(d, observations);
      break;
    case 'WAITING_HEALTHY':
      handleWaitingHealthy(d, observations);
      break;
    case 'SHIFTING':
      handleShifting(d, observations);
      break;
    case 'PAUSED':
      handlePaused(d, observations);
      break;
    case 'COMPLETING':
      handleCompleting(d);
      break;
    case 'ROLLING_BACK':
      handleRollingBack(d, observations);
      break;
    case 'SUCCEEDED':
    case 'ROLLED_BACK':
    case 'FAILED':
    case 'CANCELLED':
      break;
    default: {
      const _exhaustive: never = phase;
      return _exhaustive;
    }
  }
  return d.result();
}
