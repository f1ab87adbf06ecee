/**
 * Executes one `nextShiftStep` against the state: scale, or — once the destination's capacity is
 * observed READY — move traffic and shrink the source. At most one action per decision, so every
 * traffic move is preceded by an observation taken after the capacity it relies on was asked for.
 */
import type { TrafficSplit, VersionRole } from './commands';
import type { Decision } from './decision';
import { applyCapacity, applyTraffic } from './effects';
import type { Observations } from './observations';
import { readinessAt } from './replicas';
import { nextShiftStep } from './surge';

export type TrafficOutcome = 'atGoal' | 'acted' | 'waiting';

/**
 * Moves canary traffic one step towards `goalCanary` (either direction). Forward moves require
 * a healthy canary observation when `requireHealthyCanary`. A source shrinking to 0 % is
 * released (its cluster is about to be terminated or drained by the caller), except when the
 * canary goes to 0 % in a manual rollout, where it stays alive at one replica per deployment.
 */
export function advanceTraffic(
  d: Decision,
  goalCanary: number,
  surge: number | null,
  observations: Observations,
  requireHealthyCanary: boolean,
): TrafficOutcome {
  const s = d.state;
  const forward = goalCanary >= s.traffic.canary;
  const dest: VersionRole = forward ? 'canary' : 'primary';
  const source: VersionRole = forward ? 'primary' : 'canary';
  const step = nextShiftStep(
    {
      destCapacity: s.capacity[dest],
      destTraffic: s.traffic[dest],
      sourceCapacity: s.capacity[source],
    },
    forward ? goalCanary : 100 - goalCanary,
    surge,
  );
  switch (step.kind) {
    case 'atGoal':
      return 'atGoal';
    case 'scaleUpDest':
      applyCapacity(
        d,
        dest,
        step.destCapacity,
        `surge ${surge} %: ${dest} capacity first, traffic follows once ready`,
      );
      return 'acted';
    case 'trimSource':
      applyCapacity(
        d,
        source,
        step.sourceCapacity,
        `make room under 100 + ${surge} % by removing idle ${source} capacity`,
      );
      return 'acted';
    case 'moveTraffic': {
      const readiness = readinessAt(d.spec(dest), s.capacity[dest], observations[dest]);
      if (!readiness.ready) return 'waiting';
      if (forward && requireHealthyCanary && observations.canary?.healthy !== true)
        return 'waiting';
      const split: TrafficSplit =
        dest === 'canary'
          ? { canary: step.destTraffic, primary: 100 - step.destTraffic }
          : { primary: step.destTraffic, canary: 100 - step.destTraffic };
      applyTraffic(
        d,
        split,
        `${dest} has ${readiness.readyReplicas}/${readiness.requiredReplicas} replicas ready at ${s.capacity[dest]} % capacity`,
      );
      shrinkSource(d, source, step.sourceCapacity, forward);
      return 'acted';
    }
    default: {
      const _exhaustive: never = step;
      return _exhaustive;
    }
  }
}

function shrinkSource(d: Decision, source: VersionRole, capacity: number, forward: boolean): void {
  const s = d.state;
  if (capacity >= s.capacity[source]) return;
  const keepAlive = !forward && s.phase !== 'ROLLING_BACK';
  if (capacity === 0 && !keepAlive) {
    s.capacity[source] = 0;
    return;
  }
  applyCapacity(
    d,
    source,
    capacity,
    `${source} keeps capacity for its ${s.traffic[source]} % of traffic`,
  );
}
