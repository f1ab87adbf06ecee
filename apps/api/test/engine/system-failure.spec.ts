import { createSimProvider, FileSimStore } from '@switchyard/cloud-providers';
import { eventually } from '@switchyard/testing';
import { app, fastRollout, useEngine, type EngineHarness } from './engine-harness';

/**
 * SYSTEM_FAILURE: the cloud API the canary lives on stops answering (the sim's `unavailable`
 * fault: every call throws a retryable error). Every tick of the rollout fails, the queue's
 * retries run out, and the service must say so instead of sitting in ROLLING_OUT while only
 * the worker's log knows. When the API answers again the rollout resumes where it was.
 */
// Five attempts with exponential back-off (0.5 + 1 + 2 + 4 s) before the failure is recorded.
jest.setTimeout(120_000);
describe('a rollout whose ticks fail on every attempt', () => {
  let h: EngineHarness;

  useEngine((started) => (h = started));

  const serviceIn = (state: string, timeoutMs: number) =>
    eventually(
      async () => {
        const service = await h.service('flaky');
        return service.state === state ? service : undefined;
      },
      timeoutMs,
      100,
    );

  it('puts the service in SYSTEM_FAILURE with the error on the timeline, and recovers when the cloud answers again', async () => {
    const first = await h.deploy('flaky', { applications: [app(2)], rollout: fastRollout });
    await h.waitForState('flaky', first.body.rollout.id, 'SUCCEEDED');

    // A long hold at 25 %: the rollout stays active, polling both clusters every tick.
    const update = await h.deploy('flaky', {
      applications: [app(3)],
      rollout: {
        schedule: [
          { percent: 25, hold_s: 3600 },
          { percent: 100, hold_s: 0 },
        ],
        drain_s: 0,
      },
    });
    expect(update.status).toBe(202);
    const rolloutId = update.body.rollout.id as string;
    await h.waitFor('flaky', rolloutId, (r) => r.state === 'SHIFTING' && r.canary_weight === 25);

    const sim = createSimProvider({ store: new FileSimStore(h.simDir), clock: Date.now });
    await sim.injectFault(update.body.version.id, 'unavailable');

    const failed = await serviceIn('SYSTEM_FAILURE', 60_000);
    // Traffic is left where it was: the gateways keep serving the split they had.
    expect(failed.canary).toEqual(expect.objectContaining({ current_weight: 25 }));
    const during = await h.rollout('flaky', rolloutId);
    expect(during.state).toBe('SHIFTING');
    const failure = during.events.filter((e: any) => e.type === 'SYSTEM_FAILURE');
    expect(failure).toHaveLength(1);
    expect(failure[0].reason).toMatch(
      /^tick failed on all 5 attempts: sim: describeCluster unavailable/,
    );

    // Retries go on (the reconciler re-enqueues the rollout) but it is recorded once.
    await sim.clearFaults(update.body.version.id);
    const recovered = await serviceIn('ROLLING_OUT', 30_000);
    expect(recovered.canary).toEqual(expect.objectContaining({ current_weight: 25 }));

    // The rollout goes on from where it was.
    expect((await h.command('flaky', 'canary-percent', { percent: 100 })).status).toBe(202);
    const { rollout } = await h.waitForState('flaky', rolloutId, 'SUCCEEDED');
    expect((await h.service('flaky')).state).toBe('RUNNING');
    const types = rollout.events.map((e: any) => e.type);
    expect(types.filter((t: string) => t === 'SYSTEM_FAILURE')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'SYSTEM_RECOVERED')).toHaveLength(1);
    expect(types.indexOf('SYSTEM_RECOVERED')).toBeGreaterThan(types.indexOf('SYSTEM_FAILURE'));
    expect(rollout.events.map((e: any) => e.seq)).toEqual(
      rollout.events.map((_: unknown, i: number) => i + 1),
    );
    // Nothing was provisioned twice by all those retries.
    const provisions = await h.provisionsPerCluster();
    expect(
      Object.entries(provisions)
        .filter(([key]) => key.startsWith(rolloutId))
        .map(([, n]) => n),
    ).toEqual([1]);
  });
});
