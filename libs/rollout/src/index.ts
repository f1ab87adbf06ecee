/**
 * @switchyard/rollout — the pure rollout state machine.
 *
 *   const state = initialState(plan, now);
 *   const { state: next, commands, nextTickAt, changed } = decide(state, observations, now);
 */
export { decide, initialState } from './decide';
export type { DecideResult } from './decision';
export * from './plan-types';
export * from './observations';
export * from './commands';
export * from './events';
export * from './state';
export * from './errors';
export {
  normalizePlan,
  DEFAULT_TIMEOUT_S,
  DEFAULT_HEALTH_FAILURE_THRESHOLD,
  DEFAULT_POLL_INTERVAL_S,
  DEFAULT_DRAIN_S,
} from './plan';
export type { PlanValidation } from './plan';
export { DEFAULT_SCHEDULE_PERCENTS, DEFAULT_HOLD_S, defaultSteps, totalHoldS } from './schedule';
export {
  replicasAt,
  targetAt,
  targetsAt,
  finalTarget,
  finalTargets,
  floorOf,
  readinessAt,
} from './replicas';
export type { Readiness } from './replicas';
export { nextShiftStep, initialCanaryCapacity } from './surge';
export type { ShiftPosition, ShiftStep } from './surge';
export * from './in-place';
