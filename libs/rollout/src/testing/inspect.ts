/** Small readers for decide results in tests. */
import type { Command, RecordEventCommand } from '../commands';
import type { DecideResult } from '../decision';

/** Kinds of the non-event commands, in order, with the role they target: `setCapacity:primary`. */
export function actions(result: DecideResult): string[] {
  return result.commands.filter((c) => c.kind !== 'recordEvent').map(describe);
}

function describe(c: Command): string {
  switch (c.kind) {
    case 'provisionCluster':
    case 'setCapacity':
    case 'terminateCluster':
      return `${c.kind}:${c.version.role}@${c.kind === 'terminateCluster' ? 0 : c.capacityPercent}`;
    case 'setWeights':
      return c.weights ? `setWeights:${c.weights.canary}` : 'setWeights:cleared';
    case 'inPlaceUpdate':
      return c.mode === 'light'
        ? 'inPlaceUpdate:light'
        : `inPlaceUpdate:heavy:${c.replica.replicaId}`;
    case 'recordEvent':
      return 'recordEvent';
    default: {
      const _exhaustive: never = c;
      return _exhaustive;
    }
  }
}

export function events(result: DecideResult): RecordEventCommand['event'][] {
  return result.commands
    .filter((c): c is RecordEventCommand => c.kind === 'recordEvent')
    .map((c) => c.event);
}

/** `FROM→TO: reason` for phase transitions only. */
export function transitions(result: DecideResult): string[] {
  return events(result)
    .filter((e) => e.type === 'TRANSITION')
    .map((e) => `${e.fromState}→${e.toState}: ${e.reason}`);
}
