import { spawn, type ChildProcess } from 'node:child_process';
import type { Job } from 'bullmq';
import Redis from 'ioredis';
import { RoutingPublisher } from '@switchyard/routing';
import { eventually, freePort } from '@switchyard/testing';
import { RowHold } from './crash-row-hold';
import { app, EngineHarness } from './engine-harness';

/**
 * Crash safety: the worker is SIGKILLed while a rollout is in each of its states, and Redis is
 * flushed mid-rollout. Postgres is the source of truth and every provider call is keyed, so a
 * restarted worker finishes the rollout and the cloud saw exactly one provision per cluster.
 * Runs on a Redis server of its own, so FLUSHALL touches nothing else.
 */
describe('crash safety', () => {
  let redisServer: ChildProcess;
  let redisUrl: string;
  let h: EngineHarness;

  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redisUrl = `redis://127.0.0.1:${port}`;
    const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    await eventually(async () => ((await probe.ping().catch(() => undefined)) === 'PONG' ? true : undefined), 10_000);
    probe.disconnect();
    h = await EngineHarness.start({ redisUrl });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    redisServer?.kill('SIGKILL');
  });

  /** A rollout slow enough to catch in each state: replicas take 1.5 s to start, steps hold 1 s. */
  const slowRollout = { schedule: [{ percent: 20, hold_s: 1 }, { percent: 60, hold_s: 1 }, { percent: 100, hold_s: 0 }], drain_s: 1 };

  async function firstVersion(service: string, config: Record<string, unknown> = { applications: [app(2)] }) {
    const res = await h.deploy(service, { rollout: slowRollout, ...config });
    await h.waitForState(service, res.body.rollout.id, 'SUCCEEDED', 30_000);
    return res.body.rollout.id as string;
  }

  /** What gateways are told about a service: [version, weight] pairs. */
  async function routedWeights(service: string) {
    const table = await new RoutingPublisher(h.api.redis, h.api.config.REDIS_PREFIX).snapshot();
    return table.bySlug(`${service}--shop`)?.versions.map((v) => [v.name, v.weight]);
  }

  it.each(['PROVISIONING', 'WAITING_HEALTHY', 'SHIFTING', 'COMPLETING'])('SIGKILL of the worker in %s: a new worker finishes the rollout', async (state) => {
    const service = `kill-${state.toLowerCase().replace('_', '-')}`;
    await firstVersion(service);
    const res = await h.deploy(service, { applications: [app(3)], env_vars: { SWITCHYARD_SIM_FAULT: 'slow_start_ms:1500' }, rollout: slowRollout });
    await h.waitFor(service, res.body.rollout.id, (r) => r.state === state, 20_000);
    await h.worker.stop('SIGKILL');
    await h.startWorker();
    const { rollout } = await h.waitForState(service, res.body.rollout.id, 'SUCCEEDED', 40_000);
    expect(rollout.events.length).toBeGreaterThan(3);
    expect(await h.provisionsFor(res.body.rollout.id)).toEqual([1]);
    expect((await h.service(service)).primary).toEqual(expect.objectContaining({ name: 'v2', current_weight: 100 }));
  }, 90_000);

  it('SIGKILL in PENDING, mid-tick: the provision reached the cloud but not Postgres; the new worker’s replay is a no-op', async () => {
    await firstVersion('kill-pending');
    // The worker dies before the rollout exists, so it is created and left PENDING.
    await h.worker.stop('SIGKILL');
    const res = await h.deploy('kill-pending', { applications: [app(3)], rollout: slowRollout });
    const id = res.body.rollout.id as string;
    expect((await h.rollout('kill-pending', id)).state).toBe('PENDING');
    // The next worker's first tick provisions, then blocks on the row lock to record it: the
    // crash that costs the most, since the cloud has a cluster Postgres knows nothing of.
    const row = await RowHold.take(h.api.config.DATABASE_URL, id);
    try {
      await h.startWorker();
      await row.waitForBlockedWrite(async () => (await h.provisionsFor(id)).length > 0);
      expect((await h.rollout('kill-pending', id)).state).toBe('PENDING');
      expect((await h.api.db.cluster.findFirstOrThrow({ where: { rolloutId: id } })).providerClusterId).toBeNull();
      await h.worker.stop('SIGKILL');
    } finally {
      await row.release();
    }
    const restartedAt = Date.now();
    await h.startWorker();
    await h.waitForState('kill-pending', id, 'SUCCEEDED', 60_000);
    // The new worker asked the cloud again, with the same key, and it answered from its record.
    expect(await h.provisionsFor(id)).toEqual([1]);
    const replays = await h.ledger({ method: 'provisionCluster', outcome: 'noop' });
    expect(replays.filter((e) => e.clusterKey?.startsWith(id) && e.at >= restartedAt).length).toBeGreaterThan(0);
    expect((await h.service('kill-pending')).primary).toEqual(expect.objectContaining({ name: 'v2', current_weight: 100 }));
  }, 120_000);

  it('SIGKILL in PAUSED: the new worker holds the split until the next command, then obeys it', async () => {
    await firstVersion('kill-paused');
    const res = await h.deploy('kill-paused', { applications: [app(2)], rollout: slowRollout }, { canary_percent: 30 });
    const id = res.body.rollout.id as string;
    const { rollout: before } = await h.waitFor('kill-paused', id, (r) => r.state === 'PAUSED' && r.canary_weight === 30, 20_000);
    await eventually(async () => (JSON.stringify(await routedWeights('kill-paused')) === '[["v1",70],["v2",30]]' ? true : undefined), 10_000);

    await h.worker.stop('SIGKILL');
    await h.startWorker();
    // Proof the new worker has been ticking the paused rollout for a while (not a blind sleep):
    // it scheduled a tick due more than a second after it started. (If the killed worker held
    // the rollout's tick, BullMQ hands it on only once its lock lapses: 10-15 s.)
    const started = Date.now();
    await eventually(async () => ((await h.nextTickAt(id)) ?? 0) > started + 1000 || undefined, 40_000);
    const after = await h.rollout('kill-paused', id);
    expect([after.state, after.canary_weight]).toEqual(['PAUSED', 30]);
    expect(after.events).toEqual(before.events); // a restart is not an event of the rollout
    const status = await h.service('kill-paused');
    expect([status.primary.current_weight, status.canary.current_weight]).toEqual([70, 30]);
    expect(await routedWeights('kill-paused')).toEqual([['v1', 70], ['v2', 30]]);

    expect((await h.command('kill-paused', 'canary-percent', { percent: 100 })).status).toBe(202);
    await h.waitForState('kill-paused', id, 'SUCCEEDED', 30_000);
    expect(await h.provisionsFor(id)).toEqual([1]);
    expect((await h.service('kill-paused')).primary).toEqual(expect.objectContaining({ name: 'v2', current_weight: 100 }));
    await eventually(async () => (JSON.stringify(await routedWeights('kill-paused')) === '[["v2",100]]' ? true : undefined), 10_000);
  }, 90_000);

  // In both, the old primary's replicas take 2.5 s to start, so restoring it keeps the rollout in
  // ROLLING_BACK long enough to be caught there. Deadlines allow for a tick the killed worker
  // held: BullMQ hands it on only once its lock lapses (JOB_LOCK_MS, 10 s, plus the stall check).
  const slowPrimary = { applications: [app(4)], env_vars: { SWITCHYARD_SIM_FAULT: 'slow_start_ms:2500' } };

  it('SIGKILL in ROLLING_BACK (gradual manual rollback): the new worker finishes the return step by step', async () => {
    await firstVersion('kill-undo', slowPrimary);
    const res = await h.deploy('kill-undo', { applications: [app(4)], rollout: slowRollout }, { canary_percent: 75, max_surge_percent: 25 });
    const id = res.body.rollout.id as string;
    await h.waitFor('kill-undo', id, (r) => r.state === 'PAUSED' && r.canary_weight === 75, 30_000);
    expect((await h.command('kill-undo', 'rollback', { max_surge_percent: 25 })).status).toBe(202);
    // Half-way back: traffic moved once, the primary still scaling up for the next step.
    await h.waitFor('kill-undo', id, (r) => r.state === 'ROLLING_BACK' && r.canary_weight === 50, 20_000);
    await h.worker.stop('SIGKILL');
    await h.startWorker();
    const { rollout, weights } = await h.waitForState('kill-undo', id, 'ROLLED_BACK', 60_000);
    // Traffic only ever came back to the primary, in steps, and ended there.
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(weights.some((w) => w > 0 && w < 50)).toBe(true);
    expect(weights[weights.length - 1]).toBe(0);
    expect(rollout.events.filter((e: any) => e.type === 'TRANSITION' && e.to_state === 'ROLLING_BACK')).toHaveLength(1);
    await expectRolledBack('kill-undo', id);
  }, 120_000);

  it('SIGKILL in ROLLING_BACK (unhealthy canary, automatic): the new worker restores the primary', async () => {
    await firstVersion('kill-sick', slowPrimary);
    // Constrained, so the primary is down to half when the canary turns unhealthy 5 s in.
    const res = await h.deploy('kill-sick', {
      applications: [app(4)],
      env_vars: { SWITCHYARD_SIM_FAULT: 'unhealthy_after_ms:5000' },
      rollout: { schedule: [{ percent: 50, hold_s: 60 }, { percent: 100, hold_s: 0 }], drain_s: 0 },
    }, { max_surge_percent: 50 });
    const id = res.body.rollout.id as string;
    await h.waitFor('kill-sick', id, (r) => r.state === 'ROLLING_BACK', 30_000);
    await h.worker.stop('SIGKILL');
    await h.startWorker();
    const { rollout } = await h.waitForState('kill-sick', id, 'ROLLED_BACK', 60_000);
    expect(rollout.reason).toMatch(/unhealthy/i);
    await expectRolledBack('kill-sick', id);
  }, 120_000);

  /** The primary serves alone at full capacity, the canary's one cluster is gone. */
  async function expectRolledBack(service: string, rolloutId: string) {
    const status = await h.service(service);
    expect(status.primary).toEqual(expect.objectContaining({ name: 'v1', current_weight: 100 }));
    expect(status.primary.deployments[0]).toEqual(expect.objectContaining({ desired_replicas: 4, ready_replicas: 4 }));
    expect(status.canary).toBeNull();
    expect(await h.provisionsFor(rolloutId)).toEqual([1]);
    const canary = await h.api.db.cluster.findFirstOrThrow({ where: { rolloutId } });
    expect(canary.state).toBe('TERMINATED');
    const terminated = await h.ledger({ method: 'terminateCluster', providerClusterId: canary.providerClusterId, outcome: 'applied' });
    expect(terminated).toHaveLength(1);
    await eventually(async () => (JSON.stringify(await routedWeights(service)) === '[["v1",100]]' ? true : undefined), 10_000);
  }

  it('FLUSHALL while a rollout holds a step: only the reconciler can bring it back, and it finishes', async () => {
    const rollout = { schedule: [{ percent: 20, hold_s: 3 }, { percent: 100, hold_s: 0 }], drain_s: 0 };
    await Promise.all([firstVersion('flushed'), firstVersion('bystander')]);
    const res = await h.deploy('flushed', { applications: [app(2)], rollout });
    const id = res.body.rollout.id as string;
    await h.waitFor('flushed', id, (r) => r.state === 'SHIFTING' && r.canary_weight === 20, 20_000);

    // Freeze the worker between two ticks of the rollout: a tick running at the flush would
    // schedule its successor itself, and the test would prove nothing about the reconciler.
    const queue = h.api.jobs.queue;
    const mine = (jobs: Job[]) => jobs.filter((j) => j.name === 'rollout.tick' && j.data.rolloutId === id);
    await eventually(async () => {
      h.worker.child.kill('SIGSTOP');
      const running = await queue.getJobs(['active']).then(mine, () => [undefined]);
      if (running.length === 0) return true;
      h.worker.child.kill('SIGCONT');
      return undefined;
    }, 10_000);
    const before = new Set(h.worker.logs);
    const admin = new Redis(redisUrl);
    try {
      // All that keeps the rollout going is a delayed tick (the hold's next check)...
      const pending = mine(await queue.getJobs(['waiting', 'delayed', 'prioritized']));
      expect(pending.length).toBeGreaterThan(0);
      for (const job of pending) expect(['delayed', 'waiting']).toContain(await job.getState());
      await admin.flushall();
      // ...and now nothing at all: no job, no record of one.
      expect(await admin.dbsize()).toBe(0);
    } finally {
      admin.disconnect();
      h.worker.child.kill('SIGCONT');
    }

    const restored = await h.worker.waitForLog((l) => !before.has(l) && l.msg === 'reconciler restored work', 15_000);
    expect(restored.requeued).toBeGreaterThanOrEqual(1);
    expect(restored.republished).toBeGreaterThanOrEqual(1); // the flushed routing table
    await h.waitForState('flushed', id, 'SUCCEEDED', 40_000);
    expect(await h.provisionsFor(id)).toEqual([1]);
    // Routing entries of services that were not rolling out come back too.
    await eventually(async () => (JSON.stringify(await routedWeights('bystander')) === '[["v1",100]]' ? true : undefined), 10_000);
  }, 90_000);
});
