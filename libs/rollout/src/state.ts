/** The persisted machine state: plain JSON, reloadable by any worker. */
import type { TrafficSplit } from './commands';
import type { RolloutPlan } from './plan-types';

export const ROLLOUT_PHASES = [
  'PENDING',
  'PROVISIONING',
  'WAITING_HEALTHY',
  'SHIFTING',
  'PAUSED',
  'COMPLETING',
  'SUCCEEDED',
  'ROLLING_BACK',
  'ROLLED_BACK',
  'FAILED',
  'CANCELLED',
] as const;

export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

export const TERMINAL_PHASES: readonly RolloutPhase[] = [
  'SUCCEEDED',
  'ROLLED_BACK',
  'FAILED',
  'CANCELLED',
];

export function isTerminal(phase: RolloutPhase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** Requested capacity per version, in percent of its full (100 %) replica shape. 0 = none. */
export interface CapacitySplit {
  primary: number;
  canary: number;
}

export type RollbackTrigger = 'PROVISION_FAILED' | 'UNHEALTHY' | 'TIMEOUT' | 'MANUAL';

export interface RollbackProgress {
  trigger: RollbackTrigger;
  /** immediate: everything at once; gradual: surge-limited, waiting on ready primary capacity. */
  mode: 'immediate' | 'gradual';
  maxSurgePercent: number | null;
  reason: string;
}

/** What the machine already asked the outside world for, so a repeat tick asks nothing twice. */
export interface ClusterRequests {
  canaryProvisionRequested: boolean;
  canaryTerminated: boolean;
  primaryTerminated: boolean;
}

export interface RolloutMachineState {
  schemaVersion: 1;
  rolloutId: string;
  plan: RolloutPlan;
  phase: RolloutPhase;
  /** Increments on every decision that changes the state; part of every idempotency key. */
  seq: number;
  startedAt: number;
  deadlineAt: number;
  phaseEnteredAt: number;
  /** automatic schedule vs manual canary percent (a setCanaryPercent switches to manual). */
  control: 'automatic' | 'manual';
  /** Target canary traffic % for the current step (schedule step or manual percent). */
  goalPercent: number;
  /** Index into the automatic schedule's steps. */
  scheduleIndex: number;
  holdUntil: number | null;
  drainUntil: number | null;
  capacity: CapacitySplit;
  traffic: TrafficSplit;
  clusters: ClusterRequests;
  health: {
    canaryHealthyOnce: boolean;
    consecutiveFailures: number;
  };
  timeoutReported: boolean;
  rollback: RollbackProgress | null;
  /** Heavyweight in-place progress: index of the replica being replaced. */
  inPlaceReplicaIndex: number;
  /** Why the rollout ended (terminal phases only). */
  outcomeReason: string | null;
}
