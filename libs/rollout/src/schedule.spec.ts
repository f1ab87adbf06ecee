import type { SetWeightsCommand } from './commands';
import { decide } from './decide';
import { defaultSteps, totalHoldS } from './schedule';
import { actions, events } from './testing/inspect';
import { anObservation } from './testing/observation-builder';
import { aPlan, type PlanBuilder } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld } from './testing/simulated-world';

/** Runs a full rollout; returns [canary %, ms after the first traffic move] per weight change. */
function weightTimeline(plan: PlanBuilder) {
  const start = plan.start(0);
  const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: 0 });
  const { state, ticks } = runTicks(start, world);
  const moves = ticks.flatMap((t) =>
    t.result.commands
      .filter((c): c is SetWeightsCommand => c.kind === 'setWeights')
      .map((c) => [c.weights?.canary, t.now] as const),
  );
  const t0 = moves[0]?.[1] ?? 0;
  const terminations = ticks.flatMap((t) =>
    t.result.commands
      .filter((c) => c.kind === 'terminateCluster')
      .map((c) => [c.version.role, t.now - t0] as const),
  );
  return { state, timeline: moves.map(([percent, at]) => [percent, at - t0]), terminations };
}

describe('automatic schedules', () => {
  it('default: 5,10,20,30,50,75,100 held 20 s each = 2 minutes; old primary terminated after the 30 s drain', () => {
    const { state, timeline, terminations } = weightTimeline(aPlan());
    expect(timeline).toEqual([
      [5, 0],
      [10, 20_000],
      [20, 40_000],
      [30, 60_000],
      [50, 80_000],
      [75, 100_000],
      [100, 120_000],
    ]);
    expect(terminations).toEqual([['primary', 150_000]]);
    expect(state.phase).toBe('SUCCEEDED');
    expect(state.clusters).toEqual({
      canaryProvisionRequested: true,
      canaryTerminated: false,
      primaryTerminated: true,
    });
  });

  it.each([
    [
      'holdS 5',
      aPlan().withHoldS(5),
      [
        [5, 0],
        [10, 5_000],
        [20, 10_000],
        [30, 15_000],
        [50, 20_000],
        [75, 25_000],
        [100, 30_000],
      ],
    ],
    [
      'custom 25/50/100 with holds 10,0',
      aPlan().withSchedule([
        { percent: 25, holdS: 10 },
        { percent: 50, holdS: 0 },
        { percent: 100, holdS: 60 },
      ]),
      [
        [25, 0],
        [50, 10_000],
        [100, 10_000],
      ],
    ],
    ['custom single step 100', aPlan().withSchedule([{ percent: 100, holdS: 0 }]), [[100, 0]]],
  ])('%s', (_name, plan, expected) => {
    expect(weightTimeline(plan.withTiming({ drainS: 0 })).timeline).toEqual(expected);
  });

  it('the default schedule holds 120 s in total (the last step is not held)', () => {
    expect(defaultSteps().map((s) => s.percent)).toEqual([5, 10, 20, 30, 50, 75, 100]);
    expect(totalHoldS(defaultSteps())).toBe(120);
  });

  it('no traffic moves before the canary is healthy and ready', () => {
    let state = aPlan().start(0);
    state = decide(state, {}, 0).state;
    state = decide(state, anObservation().provisioned().build(), 5_000).state;
    expect(state.phase).toBe('WAITING_HEALTHY');
    const notReady = decide(
      state,
      anObservation()
        .canary({
          healthy: true,
          deployments: [{ application: 'app', deployment: 'model', readyReplicas: 2 }],
        })
        .build(),
      10_000,
    );
    const unhealthy = decide(state, anObservation().canaryUnhealthy(state).build(), 10_000);
    const healthy = decide(state, anObservation().canaryReady(state).build(), 10_000);
    expect([actions(notReady), actions(unhealthy), actions(healthy)]).toEqual([
      [],
      [],
      ['setWeights:5'],
    ]);
    expect(events(healthy).map((e) => e.reason)).toEqual([
      'canary healthy: 3/3 replicas ready',
      'traffic canary 0 %, primary 100 % → canary 5 %, primary 95 %: canary has 3/3 replicas ready at 100 % capacity',
    ]);
    expect(healthy.state.holdUntil).toBe(30_000);
    expect(healthy.nextTickAt).toBe(15_000);
  });

  it('an unhealthy check during a hold blocks the next step (and is recorded)', () => {
    let state = aPlan().withHoldS(10).start(0);
    state = decide(state, {}, 0).state;
    state = decide(
      state,
      anObservation().provisioned().canaryReady(state, 100).build(),
      1_000,
    ).state;
    expect(state.traffic.canary).toBe(5);
    const blocked = decide(state, anObservation().canaryUnhealthy(state).build(), 11_000);
    expect(actions(blocked)).toEqual([]);
    expect(blocked.state.traffic.canary).toBe(5);
    expect(events(blocked).map((e) => `${e.type}: ${e.reason}`)).toEqual([
      'HEALTH_CHECK_FAILED: canary unhealthy (1/3 consecutive checks)',
      'HOLD_COMPLETED: held 5 % for 10 s: next step 10 % (2/7)',
    ]);
    const resumed = decide(blocked.state, anObservation().canaryReady(state).build(), 12_000);
    expect(actions(resumed)).toEqual(['setWeights:10']);
    expect(resumed.state.health.consecutiveFailures).toBe(0);
  });
});
