import { decide } from './decide';
import type { Observations } from './observations';
import type { RolloutMachineState } from './state';
import { actions, events, transitions } from './testing/inspect';
import { anObservation, readyAt } from './testing/observation-builder';
import { aPlan, type PlanBuilder } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld } from './testing/simulated-world';

function row(s: RolloutMachineState) {
  return [s.capacity.canary, s.traffic.canary, s.capacity.primary, s.traffic.primary];
}

/** Runs a rollout in a simulated world until `until` holds. */
function runUntil(plan: PlanBuilder, until: (s: RolloutMachineState) => boolean, lag = 0) {
  const start = plan.start(0);
  const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: lag });
  return { ...runTicks(start, world, { until }), world };
}

const provisioning = () => decide(aPlan().withTiming({ timeoutS: 600 }).start(0), {}, 0).state;
const AT_50_FOR_LONG = [
  { percent: 50, holdS: 1000 },
  { percent: 100, holdS: 0 },
];
const shiftingAt50 = (plan: PlanBuilder) => {
  const state = runUntil(
    plan.withSchedule(AT_50_FOR_LONG).withTiming({ timeoutS: 600 }),
    (s) => s.traffic.canary === 50,
  ).state;
  expect(state.phase).toBe('SHIFTING');
  return state;
};

describe('automatic rollback: everything at once, in one decision', () => {
  const unhealthyThrice = (s: RolloutMachineState) => {
    let state = s;
    for (let i = 0; i < 2; i++)
      state = decide(state, anObservation().canaryUnhealthy(s).build(), 1_000 + i).state;
    return decide(state, anObservation().canaryUnhealthy(s).build(), 2_000);
  };
  it.each([
    [
      'canary fails to start',
      () =>
        decide(
          provisioning(),
          anObservation().provisionFailed('quota exceeded for g5').build(),
          5_000,
        ),
      ['setWeights:0', 'terminateCluster:canary@0'],
      'PROVISIONING→ROLLING_BACK: canary cluster failed to start: quota exceeded for g5: rolling back',
    ],
    [
      'canary applications fail to deploy on a provisioned cluster',
      () =>
        decide(
          decide(provisioning(), anObservation().provisioned().build(), 1_000).state,
          anObservation().provisionFailed('import_path chat:app not found').build(),
          5_000,
        ),
      ['setWeights:0', 'terminateCluster:canary@0'],
      'WAITING_HEALTHY→ROLLING_BACK: canary cluster failed to start: import_path chat:app not found: rolling back',
    ],
    [
      'deadline passed while provisioning',
      () => decide(provisioning(), {}, 600_000),
      ['setWeights:0', 'terminateCluster:canary@0'],
      'PROVISIONING→ROLLING_BACK: rollout exceeded its timeout of 600 s: rolling back',
    ],
    [
      'canary unhealthy 3× (unconstrained)',
      () => unhealthyThrice(shiftingAt50(aPlan())),
      ['setWeights:0', 'terminateCluster:canary@0'],
      'SHIFTING→ROLLING_BACK: canary unhealthy for 3 consecutive checks: rolling back',
    ],
    [
      'canary unhealthy 3× (surge 25, primary at 50 %)',
      () => unhealthyThrice(shiftingAt50(aPlan().withSurge(25))),
      ['setWeights:0', 'setCapacity:primary@100', 'terminateCluster:canary@0'],
      'SHIFTING→ROLLING_BACK: canary unhealthy for 3 consecutive checks: rolling back',
    ],
    [
      'deadline passed while shifting (surge 25)',
      () => decide(shiftingAt50(aPlan().withSurge(25)), {}, 600_000),
      ['setWeights:0', 'setCapacity:primary@100', 'terminateCluster:canary@0'],
      'SHIFTING→ROLLING_BACK: rollout exceeded its timeout of 600 s: rolling back',
    ],
  ])('%s', (_name, run, expectedActions, transition) => {
    const result = run();
    expect(actions(result)).toEqual(expectedActions);
    expect(transitions(result)).toEqual([transition]);
    expect(result.state.traffic).toEqual({ primary: 100, canary: 0 });
    expect(result.state.capacity).toEqual({ primary: 100, canary: 0 });
    expect(result.state.goalPercent).toBe(0);
  });

  it('failed checks must be consecutive: a healthy observation resets the count', () => {
    let state = shiftingAt50(aPlan());
    const sequence = [false, false, true, false, false];
    for (const [i, healthy] of sequence.entries()) {
      const obs: Observations = { canary: readyAt(state.plan.canary, 100, healthy) };
      state = decide(state, obs, 1_000 + i).state;
    }
    expect(state.phase).toBe('SHIFTING');
    expect(state.health.consecutiveFailures).toBe(2);
  });

  it('ROLLING_BACK ends only once the primary is observed ready at full capacity', () => {
    const rolling = unhealthyThrice(shiftingAt50(aPlan().withSurge(25))).state;
    const halfReady = decide(rolling, anObservation().primaryReady(rolling, 50).build(), 3_000);
    expect(halfReady.state.phase).toBe('ROLLING_BACK');
    expect(halfReady.commands).toEqual([]);
    const ready = decide(rolling, anObservation().primaryReady(rolling, 100).build(), 3_000);
    expect(transitions(ready)).toEqual([
      'ROLLING_BACK→ROLLED_BACK: primary serving 100 % with 3/3 replicas ready (canary unhealthy for 3 consecutive checks: rolling back)',
    ]);
  });
});

describe('manual rollback', () => {
  it('without a surge: immediate, like the automatic one', () => {
    const state = shiftingAt50(aPlan().withSurge(25));
    const result = decide(state, anObservation().command({ kind: 'rollback' }).build(), 1_000);
    expect(actions(result)).toEqual([
      'setWeights:0',
      'setCapacity:primary@100',
      'terminateCluster:canary@0',
    ]);
  });

  it('with max surge 25: primary capacity first, traffic only once it is READY, canary down last', () => {
    const plan = aPlan().manual(75).withSurge(25).withDeployment('app', 'd', { replicas: 4 });
    const { state, world, now } = runUntil(plan, (s) => s.phase === 'PAUSED', 1);
    expect(row(state)).toEqual([75, 75, 25, 25]);
    world.queue({ kind: 'rollback', maxSurgePercent: 25 });
    const back = runTicks(state, world, { now });
    expect(back.ticks.map((t) => [...row(t.result.state), t.result.state.phase])).toEqual([
      [75, 75, 50, 25, 'ROLLING_BACK'],
      [75, 75, 50, 25, 'ROLLING_BACK'], // primary's 2nd replica not ready yet: traffic waits
      [50, 50, 50, 50, 'ROLLING_BACK'],
      [50, 50, 75, 50, 'ROLLING_BACK'],
      [50, 50, 75, 50, 'ROLLING_BACK'],
      [25, 25, 75, 75, 'ROLLING_BACK'],
      [25, 25, 100, 75, 'ROLLING_BACK'],
      [25, 25, 100, 75, 'ROLLING_BACK'],
      [0, 0, 100, 100, 'ROLLED_BACK'],
    ]);
    expect(actions(back.ticks[8]!.result)).toEqual(['setWeights:0', 'terminateCluster:canary@0']);
    // every traffic move happened on a tick whose observation showed the primary capacity ready
    for (const t of back.ticks.filter(
      (x) => x.result.state.traffic.primary > x.before.traffic.primary,
    )) {
      const ready = t.observations.primary?.deployments[0]?.readyReplicas ?? 0;
      expect(ready).toBe(t.result.state.capacity.primary / 25);
    }
  });

  it('a gradual rollback never moves traffic onto primary capacity that is not ready (Argo #3888, Flagger #1694)', () => {
    const plan = aPlan().manual(75).withSurge(25).withDeployment('app', 'd', { replicas: 4 });
    const { state } = runUntil(plan, (s) => s.phase === 'PAUSED');
    const started = decide(
      state,
      anObservation().command({ kind: 'rollback', maxSurgePercent: 25 }).build(),
      1_000,
    );
    expect(actions(started)).toEqual(['setCapacity:primary@50']);
    // Traffic is still 75 % canary, but the goal shown as its target is already 0 %.
    expect(started.state.traffic.canary).toBe(75);
    expect(started.state.goalPercent).toBe(0);
    const notReady = anObservation()
      .primary({
        healthy: true,
        deployments: [{ application: 'app', deployment: 'd', readyReplicas: 1 }],
      })
      .build();
    for (let i = 0; i < 5; i++)
      expect(decide(started.state, notReady, 2_000 + i).commands).toEqual([]);
    const ready = anObservation()
      .primary({
        healthy: true,
        deployments: [{ application: 'app', deployment: 'd', readyReplicas: 2 }],
      })
      .build();
    expect(actions(decide(started.state, ready, 3_000))).toEqual([
      'setWeights:50',
      'setCapacity:canary@50',
    ]);
  });

  it('from a surge row with idle canary capacity (50/25/75/75) it trims the canary before adding primary capacity', () => {
    const plan = aPlan().manual(100).withSurge(25).withDeployment('app', 'd', { replicas: 4 });
    const { state } = runUntil(plan, (s) => s.capacity.canary === 50 && s.traffic.canary === 25);
    const first = decide(
      state,
      anObservation().command({ kind: 'rollback', maxSurgePercent: 25 }).build(),
      1_000,
    );
    expect(actions(first)).toEqual(['setCapacity:canary@25']);
    const second = decide(first.state, {}, 2_000);
    expect(actions(second)).toEqual(['setCapacity:primary@100']);
    expect(row(second.state)).toEqual([25, 25, 100, 75]);
  });

  it.each([
    [
      { kind: 'rollback' } as const,
      ['setWeights:0', 'setCapacity:primary@100', 'terminateCluster:canary@0'],
      'rollback now immediate: second rollback without max_surge_percent',
    ],
    [
      { kind: 'rollback', maxSurgePercent: 50 } as const,
      [],
      'rollback ignored: already rolling back',
    ],
  ])('during a gradual rollback, %j →', (command, expectedActions, reason) => {
    const { state } = runUntil(aPlan().manual(75).withSurge(25), (s) => s.phase === 'PAUSED');
    const gradual = decide(
      state,
      anObservation().command({ kind: 'rollback', maxSurgePercent: 25 }).build(),
      1_000,
    ).state;
    const result = decide(gradual, anObservation().command(command).build(), 2_000);
    expect(actions(result)).toEqual(expectedActions);
    expect(events(result)[0]?.reason).toBe(reason);
  });
});
