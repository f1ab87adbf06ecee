import type { ReplicaSpec } from './plan-types';
import { finalTarget, readinessAt, replicasAt, targetAt } from './replicas';
import { nextShiftStep, type ShiftPosition, type ShiftStep } from './surge';

describe('replicasAt: static counts round up, at least one below 100 %', () => {
  it.each([
    [7, 50, 4],
    [4, 25, 1],
    [4, 5, 1],
    [10, 75, 8],
    [3, 0, 1],
    [100, 7, 7],
    [1, 99, 1],
    [9, 100, 9],
    [9, 33, 3],
    [10, 33, 4],
  ])('%i replicas at %i %% → %i', (n, percent, expected) => {
    expect(replicasAt(n, percent)).toBe(expected);
  });
});

describe('targetAt: autoscaling bounds scaled, initial as the floor', () => {
  const auto = (min: number, initial: number, max: number): ReplicaSpec => ({
    kind: 'autoscaling',
    minReplicas: min,
    initialReplicas: initial,
    maxReplicas: max,
  });
  it.each([
    [auto(2, 4, 10), 25, { minReplicas: 1, initialReplicas: 1, maxReplicas: 3 }],
    [auto(2, 4, 10), 50, { minReplicas: 2, initialReplicas: 2, maxReplicas: 5 }],
    [auto(1, 6, 8), 50, { minReplicas: 3, initialReplicas: 3, maxReplicas: 4 }],
    [auto(0, 0, 4), 10, { minReplicas: 1, initialReplicas: 1, maxReplicas: 1 }],
    [auto(0, 3, 8), 100, { minReplicas: 3, initialReplicas: 3, maxReplicas: 8 }],
  ])('%j at %i %%', (spec, percent, expected) => {
    expect(targetAt(spec, percent)).toEqual({ kind: 'autoscaling', ...expected });
  });

  it('the configured bounds come back after the rollout', () => {
    expect(finalTarget(auto(0, 3, 8))).toEqual({
      kind: 'autoscaling',
      minReplicas: 0,
      initialReplicas: 3,
      maxReplicas: 8,
    });
  });
});

describe('readinessAt', () => {
  const version = {
    versionId: 'v',
    deployments: [
      { application: 'a', deployment: 'd', replicas: { kind: 'static', numReplicas: 7 } as const },
    ],
  };
  it.each([
    [undefined, { ready: false, readyReplicas: 0, requiredReplicas: 4 }],
    [
      { healthy: true, deployments: [] },
      { ready: false, readyReplicas: 0, requiredReplicas: 4 },
    ],
    [
      { healthy: true, deployments: [{ application: 'a', deployment: 'd', readyReplicas: 3 }] },
      { ready: false, readyReplicas: 3, requiredReplicas: 4 },
    ],
    [
      { healthy: true, deployments: [{ application: 'a', deployment: 'd', readyReplicas: 6 }] },
      { ready: true, readyReplicas: 4, requiredReplicas: 4 },
    ],
    [
      {
        healthy: true,
        desiredCapacityReached: false,
        deployments: [{ application: 'a', deployment: 'd', readyReplicas: 4 }],
      },
      { ready: false, readyReplicas: 4, requiredReplicas: 4 },
    ],
  ])('7 replicas at 50 %% with %j', (observation, expected) => {
    expect(readinessAt(version, 50, observation)).toEqual(expected);
  });
});

describe('nextShiftStep', () => {
  it.each<[string, ShiftPosition, number, number | null, ShiftStep]>([
    [
      'at goal',
      { destCapacity: 50, destTraffic: 50, sourceCapacity: 50 },
      50,
      25,
      { kind: 'atGoal' },
    ],
    [
      'unconstrained: straight to the goal, source untouched',
      { destCapacity: 100, destTraffic: 5, sourceCapacity: 100 },
      10,
      null,
      { kind: 'moveTraffic', destTraffic: 10, sourceCapacity: 100 },
    ],
    [
      'traffic up to the ready capacity',
      { destCapacity: 25, destTraffic: 0, sourceCapacity: 100 },
      100,
      25,
      { kind: 'moveTraffic', destTraffic: 25, sourceCapacity: 75 },
    ],
    [
      'traffic up to a smaller goal',
      { destCapacity: 25, destTraffic: 0, sourceCapacity: 100 },
      5,
      25,
      { kind: 'moveTraffic', destTraffic: 5, sourceCapacity: 95 },
    ],
    [
      'capacity up by S',
      { destCapacity: 25, destTraffic: 25, sourceCapacity: 75 },
      100,
      25,
      { kind: 'scaleUpDest', destCapacity: 50 },
    ],
    [
      'capacity capped at 100',
      { destCapacity: 90, destTraffic: 90, sourceCapacity: 10 },
      100,
      25,
      { kind: 'scaleUpDest', destCapacity: 100 },
    ],
    [
      'capacity capped by 100 + S − source',
      { destCapacity: 20, destTraffic: 20, sourceCapacity: 95 },
      100,
      25,
      { kind: 'scaleUpDest', destCapacity: 30 },
    ],
    [
      'no room: trim idle source first',
      { destCapacity: 75, destTraffic: 75, sourceCapacity: 50 },
      100,
      25,
      { kind: 'trimSource', sourceCapacity: 25 },
    ],
    [
      'last move releases the source',
      { destCapacity: 100, destTraffic: 75, sourceCapacity: 25 },
      100,
      25,
      { kind: 'moveTraffic', destTraffic: 100, sourceCapacity: 0 },
    ],
  ])('%s', (_name, position, goal, surge, expected) => {
    expect(nextShiftStep(position, goal, surge)).toEqual(expected);
  });
});
