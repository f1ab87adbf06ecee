import type { RolloutMachineState, RolloutPhase, VersionObservation } from '@switchyard/rollout';
import {
  newVersionStateOf,
  oldVersionStateOf,
  rolloutStateOf,
  serviceStateOf,
  TERMINAL,
} from '../src/rollouts/states';

// What status pages show while a rollout runs: the machine's phase mapped to Anyscale's service
// and version states. The table is a Record over RolloutPhase, so a phase added to libs/rollout
// without a row here fails the typecheck.
const machineIn = (phase: RolloutPhase) => ({ phase }) as RolloutMachineState;
const observed = (healthy: boolean) => ({ healthy }) as VersionObservation;

//  phase              service (INITIAL)  service (update)  new version  old version
const STATES: Record<RolloutPhase, [string, string, string, string]> = {
  PENDING: ['STARTING', 'ROLLING_OUT', 'STARTING', 'RUNNING'],
  PROVISIONING: ['STARTING', 'ROLLING_OUT', 'STARTING', 'RUNNING'],
  WAITING_HEALTHY: ['STARTING', 'ROLLING_OUT', 'STARTING', 'RUNNING'],
  SHIFTING: ['STARTING', 'ROLLING_OUT', 'RUNNING', 'RUNNING'],
  PAUSED: ['STARTING', 'ROLLING_OUT', 'RUNNING', 'RUNNING'],
  COMPLETING: ['STARTING', 'ROLLING_OUT', 'RUNNING', 'TERMINATING'],
  SUCCEEDED: ['RUNNING', 'RUNNING', 'RUNNING', 'TERMINATED'],
  ROLLING_BACK: ['ROLLING_BACK', 'ROLLING_BACK', 'TERMINATING', 'RUNNING'],
  ROLLED_BACK: ['RUNNING', 'RUNNING', 'FAILED', 'RUNNING'],
  // A failed first version leaves nothing serving; a failed update leaves the primary.
  FAILED: ['TERMINATED', 'RUNNING', 'FAILED', 'RUNNING'],
  CANCELLED: ['TERMINATED', 'TERMINATED', 'TERMINATED', 'TERMINATED'],
};
const TABLE = Object.entries(STATES).map(
  ([phase, row]) => [phase as RolloutPhase, ...row] as const,
);

describe('rollout phase → service and version states', () => {
  it.each(TABLE)(
    '%s: service %s (first deploy) / %s (update), new version %s, old version %s',
    (phase, initial, update, newVersion, oldVersion) => {
      const machine = machineIn(phase);
      expect(rolloutStateOf(machine)).toBe(phase);
      expect(serviceStateOf(machine, 'INITIAL')).toBe(initial);
      expect(serviceStateOf(machine, 'CANARY')).toBe(update);
      expect(serviceStateOf(machine, 'IN_PLACE')).toBe(update);
      expect(newVersionStateOf(machine, observed(true))).toBe(newVersion);
      expect(oldVersionStateOf(machine, observed(true))).toBe(oldVersion);
    },
  );

  it('exactly the four end states are terminal', () => {
    expect(TABLE.map(([phase]) => phase).filter((p) => TERMINAL.has(p))).toEqual([
      'SUCCEEDED',
      'ROLLED_BACK',
      'FAILED',
      'CANCELLED',
    ]);
  });

  it.each(['SHIFTING', 'PAUSED', 'COMPLETING', 'SUCCEEDED'] as const)(
    '%s: a serving new version whose checks fail is UNHEALTHY',
    (phase) => {
      expect(newVersionStateOf(machineIn(phase), observed(false))).toBe('UNHEALTHY');
      expect(newVersionStateOf(machineIn(phase), undefined)).toBe('RUNNING');
    },
  );

  it.each(['PENDING', 'PROVISIONING', 'WAITING_HEALTHY'] as const)(
    '%s: a new version not yet serving is STARTING even if a check failed',
    (phase) => {
      expect(newVersionStateOf(machineIn(phase), observed(false))).toBe('STARTING');
    },
  );

  it.each(['SHIFTING', 'PAUSED', 'ROLLING_BACK', 'ROLLED_BACK'] as const)(
    '%s: an old primary failing its checks is UNHEALTHY, and RUNNING before any observation',
    (phase) => {
      expect(oldVersionStateOf(machineIn(phase), observed(false))).toBe('UNHEALTHY');
      expect(oldVersionStateOf(machineIn(phase), undefined)).toBe('RUNNING');
    },
  );
});
