import { decide } from './decide';
import type { RolloutMachineState } from './state';
import { actions, events, transitions } from './testing/inspect';
import { anObservation } from './testing/observation-builder';
import { aPlan } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld } from './testing/simulated-world';

/** Runs until PAUSED (or terminal) and returns state + world. */
function pausedAt(plan = aPlan().manual(25)) {
  const start = plan.start(0);
  const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: 0 });
  const run = runTicks(start, world, { until: (s) => s.phase === 'PAUSED' });
  return { ...run, world };
}

function row(s: RolloutMachineState) {
  return [s.capacity.canary, s.traffic.canary, s.capacity.primary, s.traffic.primary];
}

describe('manual canary_percent', () => {
  it('moves to N and pauses until the next command', () => {
    const { state, now } = pausedAt();
    expect(state.phase).toBe('PAUSED');
    expect(state.traffic).toEqual({ primary: 75, canary: 25 });
    const idle = decide(state, anObservation().canaryReady(state).build(), now + 3_600_000 - 1);
    expect(idle.commands).toEqual([]);
    expect(idle.nextTickAt).toBe(now + 3_600_000 - 1 + 5_000);
  });

  it.each([
    [
      50,
      ['setWeights:50'],
      [
        'PAUSED→SHIFTING: canary_percent set to 50 %',
        'SHIFTING→PAUSED: paused at 50 % canary traffic until the next canary_percent command',
      ],
      'PAUSED',
    ],
    [
      10,
      ['setWeights:10'],
      [
        'PAUSED→SHIFTING: canary_percent set to 10 %',
        'SHIFTING→PAUSED: paused at 10 % canary traffic until the next canary_percent command',
      ],
      'PAUSED',
    ],
    [
      100,
      ['setWeights:100'],
      [
        'PAUSED→SHIFTING: canary_percent set to 100 %',
        'SHIFTING→COMPLETING: all traffic on the canary: old primary drains for 30 s, then terminates',
      ],
      'COMPLETING',
    ],
  ])('setCanaryPercent %i → %j', (percent, expectedActions, expectedTransitions, phase) => {
    const { state, now } = pausedAt();
    const result = decide(
      state,
      anObservation()
        .canaryReady(state)
        .primaryReady(state)
        .command({ kind: 'setCanaryPercent', percent })
        .build(),
      now,
    );
    expect(actions(result)).toEqual(expectedActions);
    expect(transitions(result)).toEqual(expectedTransitions);
    expect(result.state.phase).toBe(phase);
  });

  it('lowering the percentage waits until the primary is observed ready', () => {
    const { state, now } = pausedAt();
    const result = decide(
      state,
      anObservation().canaryReady(state).command({ kind: 'setCanaryPercent', percent: 10 }).build(),
      now,
    );
    expect(actions(result)).toEqual([]);
    expect(result.state.phase).toBe('SHIFTING');
  });

  it('100 completes: old primary terminated after the drain, canary promoted', () => {
    const { state, now } = pausedAt();
    const completing = decide(
      state,
      anObservation()
        .canaryReady(state)
        .command({ kind: 'setCanaryPercent', percent: 100 })
        .build(),
      now,
    );
    expect(completing.nextTickAt).toBe(now + 5_000);
    const done = decide(completing.state, anObservation().canaryReady(state).build(), now + 30_000);
    expect(actions(done)).toEqual(['terminateCluster:primary@0']);
    expect(done.state.phase).toBe('SUCCEEDED');
  });

  it.each([
    [
      'an unhealthy canary',
      (s: RolloutMachineState, now: number) =>
        decide(s, anObservation().canaryUnhealthy(s).build(), now),
    ],
    [
      'the timeout',
      (s: RolloutMachineState) => decide(s, anObservation().canaryReady(s).build(), s.deadlineAt),
    ],
  ])('automatic rollback is off: %s only records an event, once', (_name, tick) => {
    const { state, now } = pausedAt(aPlan().manual(25).withTiming({ healthFailureThreshold: 2 }));
    let s = state;
    const allEvents: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = tick(s, now + i);
      expect(actions(result)).toEqual([]);
      allEvents.push(...events(result).map((e) => `${e.type}: ${e.reason}`));
      s = result.state;
    }
    expect(s.phase).toBe('PAUSED');
    expect(allEvents.filter((e) => e.startsWith('AUTO_ROLLBACK_SUPPRESSED'))).toHaveLength(1);
    expect(allEvents.find((e) => e.startsWith('AUTO_ROLLBACK_SUPPRESSED'))).toMatch(
      /automatic rollback is off under manual control$/,
    );
  });

  it('manual rollback works: everything back to the primary at once', () => {
    const { state, now } = pausedAt();
    const result = decide(state, anObservation().command({ kind: 'rollback' }).build(), now);
    expect(actions(result)).toEqual(['setWeights:0', 'terminateCluster:canary@0']);
    expect(transitions(result)).toEqual(['PAUSED→ROLLING_BACK: manual rollback requested']);
    const done = decide(
      result.state,
      anObservation().primaryReady(result.state).build(),
      now + 5_000,
    );
    expect(done.state.phase).toBe('ROLLED_BACK');
  });

  it('setCanaryPercent during an automatic rollout switches it to manual control', () => {
    let state = aPlan().start(0);
    state = decide(state, {}, 0).state;
    state = decide(
      state,
      anObservation().provisioned().canaryReady(state, 100).build(),
      1_000,
    ).state;
    const result = decide(
      state,
      anObservation().canaryReady(state).command({ kind: 'setCanaryPercent', percent: 40 }).build(),
      2_000,
    );
    expect(result.state.control).toBe('manual');
    expect(actions(result)).toEqual(['setWeights:40']);
    expect(events(result)[0]?.reason).toBe(
      'canary_percent 40 %: rollout now under manual control (automatic rollback off)',
    );
    expect(result.state.phase).toBe('PAUSED');
  });

  it.each([
    [101, 'canary_percent ignored: must be an integer 0..100, got 101'],
    [12.5, 'canary_percent ignored: must be an integer 0..100, got 12.5'],
  ])('an invalid percent %p is ignored with a reason', (percent, reason) => {
    const { state, now } = pausedAt();
    const result = decide(
      state,
      anObservation().command({ kind: 'setCanaryPercent', percent }).build(),
      now,
    );
    expect(events(result).map((e) => e.reason)).toEqual([reason]);
    expect(result.state.goalPercent).toBe(25);
  });
});

describe('manual canary_percent with max surge (constrained manual rollout)', () => {
  it('goes up in surge steps, pauses, and comes back down with primary capacity first', () => {
    const start = aPlan()
      .manual(50)
      .withSurge(25)
      .withDeployment('app', 'd', { replicas: 4 })
      .start(0);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: 1 });
    const up = runTicks(start, world, { until: (s) => s.phase === 'PAUSED' });
    expect(up.ticks.map((t) => row(t.result.state))).toEqual([
      [25, 0, 100, 100], // provisioning at S
      [25, 0, 100, 100], // provisioned; replicas not ready yet
      [25, 25, 75, 75],
      [50, 25, 75, 75],
      [50, 25, 75, 75], // waiting for the 2nd canary replica
      [50, 50, 50, 50],
    ]);
    world.queue({ kind: 'setCanaryPercent', percent: 0 });
    const down = runTicks(up.state, world, {
      now: up.now,
      until: (s) => s.phase === 'PAUSED' && s.goalPercent === 0 && s.traffic.canary === 0,
    });
    expect(down.ticks.map((t) => row(t.result.state))).toEqual([
      [50, 50, 75, 50], // primary up by S first (room: 125 − 50)
      [50, 50, 75, 50], // waiting for the 3rd primary replica
      [25, 25, 75, 75],
      [25, 25, 100, 75],
      [25, 25, 100, 75],
      [0, 0, 100, 100], // canary kept alive at one replica per deployment
    ]);
    expect(world.clusters.canary?.desired).toEqual({ 'app/d': 1 });
    expect(down.state.phase).toBe('PAUSED');
  });
});
