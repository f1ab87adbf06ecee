import { decide } from './decide';
import { RolloutPlanError } from './errors';
import { actions, transitions } from './testing/inspect';
import { anObservation, readyAt } from './testing/observation-builder';
import { aPlan } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld } from './testing/simulated-world';

const replicas = ['r1', 'r2', 'r3'].map((replicaId) => ({
  application: 'app',
  deployment: 'model',
  replicaId,
}));

describe('in-place rollout', () => {
  it('lightweight: one update without restarts, then waits for the new targets to be ready', () => {
    const start = aPlan()
      .inPlace({ mode: 'light' })
      .withDeployment('app', 'model', { replicas: 5 })
      .withPrimaryDeployment('app', 'model', { replicas: 3 })
      .start(0);
    const applied = decide(start, {}, 0);
    expect(actions(applied)).toEqual(['inPlaceUpdate:light']);
    expect(applied.commands[0]).toMatchObject({
      cluster: { role: 'primary', versionId: 'v1' },
      toVersionId: 'v2',
      targets: [{ target: { kind: 'static', replicas: 5 } }],
    });
    expect(transitions(applied)).toEqual([
      'PENDING→WAITING_HEALTHY: lightweight in-place update: new replica/autoscaling/health settings applied without restarting replicas',
    ]);
    const stillThree = decide(
      applied.state,
      anObservation().primary(readyAt(start.plan.canary, 60)).build(),
      5_000,
    );
    expect(stillThree.state.phase).toBe('WAITING_HEALTHY');
    const five = decide(
      applied.state,
      anObservation().primary(readyAt(start.plan.canary, 100)).build(),
      5_000,
    );
    expect(transitions(five)).toEqual([
      'WAITING_HEALTHY→SUCCEEDED: in-place update to v2 healthy: 5/5 replicas ready',
    ]);
  });

  it('heavyweight: replicas replaced one at a time, each only after the previous replacement is ready', () => {
    const start = aPlan().inPlace({ mode: 'heavy', replicas }).start(0);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start) });
    const { state, ticks } = runTicks(start, world);
    expect(state.phase).toBe('SUCCEEDED');
    const timeline = ticks.map((t) => [t.result.state.phase, ...actions(t.result)].join(' '));
    expect(timeline).toEqual([
      'SHIFTING inPlaceUpdate:heavy:r1',
      'SHIFTING', // r1's successor not ready yet
      'SHIFTING inPlaceUpdate:heavy:r2',
      'SHIFTING',
      'SHIFTING inPlaceUpdate:heavy:r3',
      'SHIFTING',
      'SUCCEEDED',
    ]);
    expect(
      world.log
        .filter((c) => c.kind === 'inPlaceUpdate')
        .map((c) =>
          c.kind === 'inPlaceUpdate' && c.mode === 'heavy' ? `${c.index + 1}/${c.total}` : '',
        ),
    ).toEqual(['1/3', '2/3', '3/3']);
  });

  it.each([
    [{ canaryPercent: 20 }, ['IN_PLACE_WITH_CANARY_PERCENT']],
    [{ maxSurgePercent: 25 }, ['IN_PLACE_WITH_MAX_SURGE']],
    [
      { canaryPercent: 20, maxSurgePercent: 25 },
      ['IN_PLACE_WITH_CANARY_PERCENT', 'IN_PLACE_WITH_MAX_SURGE'],
    ],
  ])('refuses an in-place plan with %j', (options, codes) => {
    const plan = aPlan().inPlace().withInPlaceOptions(options);
    expect(() => plan.start(0)).toThrow(RolloutPlanError);
    try {
      plan.start(0);
    } catch (error) {
      expect((error as RolloutPlanError).codes).toEqual(codes);
    }
  });

  it('times out as FAILED (nothing to roll back to) and ignores rollback / canary_percent', () => {
    const start = aPlan()
      .inPlace({ mode: 'heavy', replicas })
      .withTiming({ timeoutS: 60 })
      .start(0);
    const running = decide(start, {}, 0).state;
    const ignored = decide(running, anObservation().command({ kind: 'rollback' }).build(), 1_000);
    expect(ignored.state.phase).toBe('SHIFTING');
    expect(
      ignored.commands.map((c) => (c.kind === 'recordEvent' ? c.event.reason : c.kind)),
    ).toEqual(['rollback ignored: not available for an in-place update']);
    const failed = decide(running, {}, 60_000);
    expect(transitions(failed)).toEqual([
      'SHIFTING→FAILED: in-place update exceeded its timeout of 60 s',
    ]);
    expect(actions(failed)).toEqual([]);
  });
});
