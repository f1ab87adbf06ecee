/**
 * One step of moving traffic from a "source" version to a "destination" version, optionally
 * limited by a max surge S. Forward rollouts move canary ← primary (dest = canary); gradual
 * rollbacks and lowered manual percentages move primary ← canary (dest = primary).
 *
 * With a surge S the order is always: dest capacity up by S → (wait until READY) → traffic up
 * to the dest's capacity → source capacity down to its remaining traffic. Reference table for
 * S = 25 (dest = canary, goal 100 %), one row per step:
 *
 *   canary cap | canary traffic | primary cap | primary traffic | step
 *        0     |       0        |     100     |       100       | (before provisioning)
 *       25     |       0        |     100     |       100       | provision canary at S
 *       25     |      25        |      75     |        75       | moveTraffic
 *       50     |      25        |      75     |        75       | scaleUpDest (+S, ≤ 100+S−75)
 *       50     |      50        |      50     |        50       | moveTraffic
 *       75     |      50        |      50     |        50       | scaleUpDest
 *       75     |      75        |      25     |        25       | moveTraffic
 *      100     |      75        |      25     |        25       | scaleUpDest
 *      100     |     100        |       0     |         0       | moveTraffic (source terminated)
 *
 * Invariants: dest traffic ≤ dest capacity (the caller moves traffic only once that capacity is
 * observed ready); source capacity ≥ source traffic; dest + source capacity ≤ 100 + S.
 * With the default schedule and S = 25 the goal 5 % gives: canary 25 % ready → traffic 5 %,
 * primary 95 %; goal 10 % → traffic 10 %, primary 90 % (no new capacity needed yet).
 */

export interface ShiftPosition {
  destCapacity: number;
  destTraffic: number;
  sourceCapacity: number;
}

export type ShiftStep =
  | { kind: 'atGoal' }
  /** Add capacity to the destination; traffic waits for it to become ready. */
  | { kind: 'scaleUpDest'; destCapacity: number }
  /** Remove source capacity that carries no traffic, to make room under 100 + S. */
  | { kind: 'trimSource'; sourceCapacity: number }
  /** Move traffic to the dest (needs dest capacity READY) and shrink the source to match. */
  | { kind: 'moveTraffic'; destTraffic: number; sourceCapacity: number };

/**
 * `goal` is the destination's target traffic (≥ its current traffic).
 * `surge === null` is an unconstrained rollout: both sides stay at full capacity, so traffic
 * moves straight to the goal and the source keeps its capacity.
 */
export function nextShiftStep(
  position: ShiftPosition,
  goal: number,
  surge: number | null,
): ShiftStep {
  const { destCapacity, destTraffic, sourceCapacity } = position;
  if (destTraffic >= goal) return { kind: 'atGoal' };
  if (surge === null) return { kind: 'moveTraffic', destTraffic: goal, sourceCapacity };
  if (destCapacity > destTraffic) {
    const next = Math.min(goal, destCapacity);
    return {
      kind: 'moveTraffic',
      destTraffic: next,
      sourceCapacity: Math.min(sourceCapacity, 100 - next),
    };
  }
  const room = 100 + surge - sourceCapacity;
  const nextCapacity = Math.min(100, destCapacity + surge, room);
  if (nextCapacity > destCapacity) return { kind: 'scaleUpDest', destCapacity: nextCapacity };
  // Only reachable when the source still holds capacity above its traffic, e.g. a rollback that
  // starts at canary 50 % cap / 25 % traffic, primary 75 %: 125 − 50 leaves no room for +S.
  return { kind: 'trimSource', sourceCapacity: 100 - destTraffic };
}

/** Initial canary capacity: S % for a constrained rollout, else full duplicate. */
export function initialCanaryCapacity(surge: number | null): number {
  return surge === null ? 100 : Math.min(100, surge);
}
