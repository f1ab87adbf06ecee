import { decide } from './decide';
import type { RolloutMachineState } from './state';
import { actions, transitions } from './testing/inspect';
import { anObservation } from './testing/observation-builder';
import { aPlan, type PlanBuilder } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld } from './testing/simulated-world';

function runTo(plan: PlanBuilder, until: (s: RolloutMachineState) => boolean) {
  const start = plan.start(0);
  const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: 0 });
  return runTicks(start, world, { until }).state;
}

describe('terminate during a rollout', () => {
  it.each([
    [
      'PENDING (nothing provisioned yet)',
      aPlan(),
      (s: RolloutMachineState) => s.phase === 'PENDING',
      ['setWeights:cleared', 'terminateCluster:primary@0'],
    ],
    [
      'PROVISIONING',
      aPlan(),
      (s: RolloutMachineState) => s.phase === 'PROVISIONING',
      ['setWeights:cleared', 'terminateCluster:canary@0', 'terminateCluster:primary@0'],
    ],
    [
      'SHIFTING (surge)',
      aPlan().withSurge(25),
      (s: RolloutMachineState) => s.traffic.canary === 5,
      ['setWeights:cleared', 'terminateCluster:canary@0', 'terminateCluster:primary@0'],
    ],
    [
      'PAUSED (manual)',
      aPlan().manual(30),
      (s: RolloutMachineState) => s.phase === 'PAUSED',
      ['setWeights:cleared', 'terminateCluster:canary@0', 'terminateCluster:primary@0'],
    ],
    [
      'INITIAL, PROVISIONING',
      aPlan().initial(),
      (s: RolloutMachineState) => s.phase === 'PROVISIONING',
      ['setWeights:cleared', 'terminateCluster:canary@0'],
    ],
    [
      'IN_PLACE',
      aPlan().inPlace(),
      (s: RolloutMachineState) => s.phase === 'WAITING_HEALTHY',
      ['setWeights:cleared', 'terminateCluster:primary@0'],
    ],
  ])('%s → CANCELLED, clusters terminated, weights cleared', (_name, plan, until, expected) => {
    const state = runTo(plan, until);
    const result = decide(
      state,
      anObservation().command({ kind: 'terminate' }).build(),
      10_000_000,
    );
    expect(actions(result)).toEqual(expected);
    expect(result.state.phase).toBe('CANCELLED');
    expect(result.state.traffic).toEqual({ primary: 0, canary: 0 });
    expect(transitions(result)).toEqual([
      `${state.phase}→CANCELLED: terminated by user: routing cleared and every cluster terminated`,
    ]);
    expect(result.nextTickAt).toBeNull();
  });

  it('ROLLING_BACK (gradual) → CANCELLED as well', () => {
    const paused = runTo(aPlan().manual(30).withSurge(25), (s) => s.phase === 'PAUSED');
    const rolling = decide(
      paused,
      anObservation().command({ kind: 'rollback', maxSurgePercent: 25 }).build(),
      1,
    ).state;
    expect(rolling.phase).toBe('ROLLING_BACK');
    const result = decide(rolling, anObservation().command({ kind: 'terminate' }).build(), 2);
    expect(actions(result)).toEqual([
      'setWeights:cleared',
      'terminateCluster:canary@0',
      'terminateCluster:primary@0',
    ]);
    expect(result.state.phase).toBe('CANCELLED');
    expect(result.state.rollback).toBeNull();
  });

  it('a canary already terminated by a rollback is not terminated twice', () => {
    const paused = runTo(aPlan().manual(30), (s) => s.phase === 'PAUSED');
    const rolling = decide(paused, anObservation().command({ kind: 'rollback' }).build(), 1).state;
    const result = decide(rolling, anObservation().command({ kind: 'terminate' }).build(), 2);
    expect(actions(result)).toEqual(['setWeights:cleared', 'terminateCluster:primary@0']);
  });
});
