import { decide } from './decide';
import type { Observations } from './observations';
import type { RolloutMachineState } from './state';
import { actions } from './testing/inspect';
import { anObservation } from './testing/observation-builder';
import { aPlan } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld } from './testing/simulated-world';

describe('stale ticks and idempotency', () => {
  const provisioning = decide(aPlan().start(0), {}, 0);

  it('asks for the cluster once: repeated ticks while waiting emit nothing and change nothing', () => {
    expect(actions(provisioning)).toEqual(['provisionCluster:canary@100']);
    let state = provisioning.state;
    for (let i = 1; i <= 5; i++) {
      const again = decide(state, {}, i * 5_000);
      expect(again.commands).toEqual([]);
      expect(again.changed).toBe(false);
      expect(again.state).toEqual(state);
      state = again.state;
    }
  });

  it('a retried tick (same state, same observations) replays the same commands with the same keys', () => {
    const obs = anObservation().provisioned().canaryReady(provisioning.state, 100).build();
    const first = decide(provisioning.state, obs, 10_000);
    const retry = decide(provisioning.state, obs, 10_000);
    expect(retry).toEqual(first);
    expect(first.commands.map((c) => c.key)).toEqual([
      'ro-1/2/event/0',
      'ro-1/2/event/1',
      'ro-1/2/weights',
      'ro-1/2/event/2',
    ]);
  });

  it('does not mutate its input and round-trips through JSON (persisted in Postgres)', () => {
    const input = structuredClone(provisioning.state);
    const result = decide(input, anObservation().provisioned().build(), 10_000);
    expect(input).toEqual(provisioning.state);
    const reloaded = JSON.parse(JSON.stringify(result.state)) as RolloutMachineState;
    expect(decide(reloaded, {}, 20_000)).toEqual(decide(result.state, {}, 20_000));
  });

  it('keys are unique across a whole rollout and the provider sees one provision and one terminate per cluster', () => {
    const start = aPlan().withSurge(25).start(0);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: 1 });
    const { state } = runTicks(start, world);
    expect(state.phase).toBe('SUCCEEDED');
    const keys = world.log.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(world.log.filter((c) => c.kind === 'provisionCluster')).toHaveLength(1);
    expect(
      world.log.filter((c) => c.kind === 'terminateCluster').map((c) => c.version.role),
    ).toEqual(['primary']);
  });

  it('seq grows only when something changed', () => {
    const waiting = decide(provisioning.state, {}, 1);
    expect([provisioning.state.seq, waiting.state.seq]).toEqual([1, 1]);
    const moved = decide(provisioning.state, anObservation().provisioned().build(), 2);
    expect(moved.state.seq).toBe(2);
  });

  it.each<[string, Observations]>([
    ['nothing', {}],
    ['a terminate command', { userCommand: { kind: 'terminate' } }],
    ['a rollback command', { userCommand: { kind: 'rollback' } }],
    ['a failed provision', { provision: { status: 'failed', reason: 'x' } }],
  ])('a terminal rollout ignores %s', (_name, obs) => {
    const start = aPlan()
      .withSchedule([{ percent: 100, holdS: 0 }])
      .withTiming({ drainS: 0 })
      .start(0);
    const { state } = runTicks(start, new SimulatedWorld({ primaryReady: fullyReady(start) }));
    expect(state.phase).toBe('SUCCEEDED');
    expect(decide(state, obs, 1e12)).toEqual({
      state,
      commands: [],
      nextTickAt: null,
      changed: false,
    });
  });
});
