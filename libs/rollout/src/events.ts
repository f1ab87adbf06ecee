import type { RolloutPhase } from './state';

export type RolloutEventType =
  | 'TRANSITION'
  | 'CAPACITY_CHANGED'
  | 'TRAFFIC_SHIFTED'
  | 'HEALTH_CHECK_FAILED'
  | 'HEALTH_RECOVERED'
  | 'AUTO_ROLLBACK_SUPPRESSED'
  | 'HOLD_COMPLETED'
  | 'REPLICA_REPLACED'
  | 'COMMAND_ACCEPTED'
  | 'COMMAND_IGNORED'
  // Written by the worker, not by decide(): a tick that failed on every attempt (the service
  // went to SYSTEM_FAILURE), and the first tick that got through again.
  | 'SYSTEM_FAILURE'
  | 'SYSTEM_RECOVERED';

/** A timeline entry: `fromState === toState` when nothing but progress inside a phase happened. */
export interface RolloutEvent {
  type: RolloutEventType;
  reason: string;
  fromState: RolloutPhase;
  toState: RolloutPhase;
  at: number;
}
