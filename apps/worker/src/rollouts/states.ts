import type { RolloutState, ServiceState, VersionState } from '@switchyard/db';
import type { RolloutMachineState, VersionObservation } from '@switchyard/rollout';

export const TERMINAL: ReadonlySet<RolloutState> = new Set([
  'SUCCEEDED',
  'ROLLED_BACK',
  'FAILED',
  'CANCELLED',
]);

/** The machine's phase names are the Rollout row's states, one for one. */
export function rolloutStateOf(machine: RolloutMachineState): RolloutState {
  return machine.phase as RolloutState;
}

/** The service's state while (and after) a rollout runs, following Anyscale's service states. */
export function serviceStateOf(machine: RolloutMachineState, strategy: string): ServiceState {
  switch (machine.phase) {
    case 'PENDING':
    case 'PROVISIONING':
    case 'WAITING_HEALTHY':
    case 'SHIFTING':
    case 'PAUSED':
    case 'COMPLETING':
      return strategy === 'INITIAL' ? 'STARTING' : 'ROLLING_OUT';
    case 'ROLLING_BACK':
      return 'ROLLING_BACK';
    case 'SUCCEEDED':
    case 'ROLLED_BACK':
      return 'RUNNING';
    case 'FAILED':
      // A failed first version leaves nothing serving; a failed update leaves the primary.
      return strategy === 'INITIAL' ? 'TERMINATED' : 'RUNNING';
    case 'CANCELLED':
      return 'TERMINATED';
    default: {
      const unreachable: never = machine.phase;
      return unreachable;
    }
  }
}

/** The new version's state. */
export function newVersionStateOf(
  machine: RolloutMachineState,
  observed: VersionObservation | undefined,
): VersionState {
  switch (machine.phase) {
    case 'PENDING':
    case 'PROVISIONING':
    case 'WAITING_HEALTHY':
      return 'STARTING';
    case 'SHIFTING':
    case 'PAUSED':
    case 'COMPLETING':
    case 'SUCCEEDED':
      return observed && !observed.healthy ? 'UNHEALTHY' : 'RUNNING';
    case 'ROLLING_BACK':
      return 'TERMINATING';
    case 'ROLLED_BACK':
    case 'FAILED':
      return 'FAILED';
    case 'CANCELLED':
      return 'TERMINATED';
    default: {
      const unreachable: never = machine.phase;
      return unreachable;
    }
  }
}

/** The old primary's state. */
export function oldVersionStateOf(
  machine: RolloutMachineState,
  observed: VersionObservation | undefined,
): VersionState {
  switch (machine.phase) {
    case 'SUCCEEDED':
    case 'CANCELLED':
      return 'TERMINATED';
    case 'COMPLETING':
      return 'TERMINATING';
    default:
      return observed && !observed.healthy ? 'UNHEALTHY' : 'RUNNING';
  }
}
