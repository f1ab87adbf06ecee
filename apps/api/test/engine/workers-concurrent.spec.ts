import type { RunningProcess } from '@switchyard/testing';
import { RowHold } from './crash-row-hold';
import { app, EngineHarness, fastRollout } from './engine-harness';

/**
 * "Any number of workers may run": two worker processes on one database, one Redis prefix and
 * one simulated cloud drive several rollouts at once. A rollout's ticks land on either worker,
 * and several of its ticks run at once whenever several are due: a user command enqueues one
 * next to the scheduled one, the reconciler one for a rollout whose first tick it cannot see.
 * The optimistic version check and the keyed provider calls must make all of that invisible.
 */
jest.setTimeout(180_000);
describe('two worker processes at once', () => {
  let h: EngineHarness;
  let second: RunningProcess;

  beforeAll(async () => {
    h = await EngineHarness.start();
    second = await h.spawnWorker();
  }, 90_000);
  afterAll(() => h?.close());

  /** The update each service gets, and where its rollout must end. */
  const updates: { service: string; config: Record<string, unknown>; options?: Record<string, unknown>; ends: string }[] = [
    // Moved by a burst of commands below.
    { service: 'duo-manual', config: { applications: [app(2)], rollout: fastRollout }, options: { canary_percent: 10 }, ends: 'SUCCEEDED' },
    { service: 'duo-auto-1', config: { applications: [app(3)], rollout: fastRollout }, ends: 'SUCCEEDED' },
    { service: 'duo-auto-2', config: { applications: [app(3)], rollout: fastRollout }, ends: 'SUCCEEDED' },
    { service: 'duo-surge', config: { applications: [app(4)], rollout: fastRollout }, options: { max_surge_percent: 50 }, ends: 'SUCCEEDED' },
    {
      service: 'duo-sick',
      config: { applications: [app(2)], env_vars: { SWITCHYARD_SIM_FAULT: 'unhealthy_after_ms:600' }, rollout: { ...fastRollout, schedule: [{ percent: 10, hold_s: 30 }, { percent: 100, hold_s: 0 }] } },
      ends: 'ROLLED_BACK',
    },
  ];

  /**
   * Both workers stop (SIGSTOP: a long GC pause, a starved VM) while `work` piles jobs up, for
   * longer than the reconcile interval (1 s), then resume together: every job due meanwhile is
   * taken at once by two processes of eight slots each.
   */
  async function bothStalledDuring(work: () => Promise<void>) {
    const workers = [h.worker, second];
    const resumeAt = Date.now() + 1500;
    for (const w of workers) w.child.kill('SIGSTOP');
    try {
      await work();
      // The stall itself is the setup here, not a wait for something to happen.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, resumeAt - Date.now())));
    } finally {
      for (const w of workers) w.child.kill('SIGCONT');
    }
  }

  it('drive several rollouts to their end: one provision per cluster, gapless timelines, each command applied once', async () => {
    const firsts = await Promise.all(updates.map(({ service }) => h.deploy(service, { applications: [app(2)], rollout: fastRollout })));
    await Promise.all(firsts.map((res, i) => h.waitForState(updates[i]!.service, res.body.rollout.id, 'SUCCEEDED', 60_000)));
    const manual = await h.deploy('duo-manual', updates[0]!.config, updates[0]!.options);
    await h.waitFor('duo-manual', manual.body.rollout.id, (r) => r.state === 'PAUSED' && r.canary_weight === 10, 30_000);

    // The other updates and three commands for the paused one arrive while both workers stall.
    let others: Awaited<ReturnType<EngineHarness['deploy']>>[] = [];
    await bothStalledDuring(async () => {
      others = await Promise.all(updates.slice(1).map(({ service, config, options }) => h.deploy(service, config, options)));
      for (const percent of [30, 60, 80]) expect((await h.command('duo-manual', 'canary-percent', { percent })).status).toBe(202);
    });
    const rollouts = [manual, ...others];
    for (const res of rollouts) expect(res.status).toBe(202);
    await h.waitFor('duo-manual', manual.body.rollout.id, (r) => r.state === 'PAUSED' && r.canary_weight === 80, 60_000);
    expect((await h.command('duo-manual', 'canary-percent', { percent: 100 })).status).toBe(202);

    const finished = await Promise.all(rollouts.map((res, i) => h.waitFor(updates[i]!.service, res.body.rollout.id, (r) => ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'CANCELLED'].includes(r.state), 90_000)));
    expect(finished.map(({ rollout }) => rollout.state)).toEqual(updates.map((u) => u.ends));
    // Each command applied exactly once, in order, however many ticks saw it.
    const accepted = finished[0]!.rollout.events.filter((e: any) => e.type === 'COMMAND_ACCEPTED').map((e: any) => e.reason);
    expect(accepted).toEqual([30, 60, 80, 100].map((p) => `canary_percent ${p} %`));

    const all = [...firsts, ...rollouts].map((res, i) => ({ service: updates[i % updates.length]!.service, id: res.body.rollout.id as string }));
    // Each rollout provisioned one cluster, once, and nothing else was provisioned.
    for (const { id } of all) expect(await h.provisionsFor(id)).toEqual([1]);
    expect(Object.keys(await h.provisionsPerCluster())).toHaveLength(all.length);
    // Each timeline is 1..n: no event lost, none written twice.
    for (const { service, id } of all) {
      const { events } = await h.rollout(service, id);
      expect(events.map((e: any) => e.seq)).toEqual(events.map((_: unknown, k: number) => k + 1));
    }
    // Both processes did part of the work (else this proved nothing about two of them).
    const advanced = (worker: RunningProcess) => worker.logs.filter((l) => l.msg === 'rollout advanced').length;
    expect(advanced(h.worker)).toBeGreaterThan(0);
    expect(advanced(second)).toBeGreaterThan(0);
  });

  it('one of the two dies holding a tick (SIGKILL): the other takes it over and finishes every rollout alone', async () => {
    const services = ['solo-1', 'solo-2', 'solo-3'];
    const firsts = await Promise.all(services.map((s) => h.deploy(s, { applications: [app(2)], rollout: fastRollout })));
    await Promise.all(firsts.map((res, i) => h.waitForState(services[i]!, res.body.rollout.id, 'SUCCEEDED', 60_000)));
    // Slow replicas and held steps keep the updates in flight when the worker dies.
    const slow = { applications: [app(3)], env_vars: { SWITCHYARD_SIM_FAULT: 'slow_start_ms:1500' }, rollout: { schedule: [{ percent: 20, hold_s: 1 }, { percent: 100, hold_s: 0 }], drain_s: 1 } };
    const rollouts = await Promise.all(services.map((s) => h.deploy(s, slow)));
    const ids = rollouts.map((res) => res.body.rollout.id as string);
    await Promise.all(ids.map((id, i) => h.waitFor(services[i]!, id, (r) => r.state !== 'PENDING', 30_000)));

    // The survivor is frozen meanwhile, so it is the doomed worker whose tick blocks on the row
    // lock; it dies there, its job still claimed in Redis (nothing in Postgres says so).
    const survivor = h.worker;
    survivor.child.kill('SIGSTOP');
    const row = await RowHold.take(h.api.config.DATABASE_URL, ids[0]!);
    try {
      await row.waitForBlockedWrite();
      await second.stop('SIGKILL');
    } finally {
      await row.release();
      survivor.child.kill('SIGCONT');
    }
    const before = new Set(survivor.logs);

    // The claim lapses after JOB_LOCK_MS (10 s); the survivor's stalled-job check then re-runs it.
    await Promise.all(ids.map((id, i) => h.waitForState(services[i]!, id, 'SUCCEEDED', 60_000)));
    for (const [i, id] of ids.entries()) {
      expect(await h.provisionsFor(id)).toEqual([1]);
      const { events } = await h.rollout(services[i]!, id);
      expect(events.map((e: any) => e.seq)).toEqual(events.map((_: unknown, k: number) => k + 1));
    }
    expect(survivor.logs.some((l) => !before.has(l) && l.msg === 'rollout advanced')).toBe(true);
  });
});
