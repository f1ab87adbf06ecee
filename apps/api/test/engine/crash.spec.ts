import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { RoutingPublisher } from '@switchyard/routing';
import { eventually, freePort } from '@switchyard/testing';
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

  it.each(['PROVISIONING', 'WAITING_HEALTHY', 'SHIFTING', 'COMPLETING'])('SIGKILL of the worker in %s: a new worker finishes the rollout', async (state) => {
    const service = `kill-${state.toLowerCase().replace('_', '-')}`;
    const first = await h.deploy(service, { applications: [app(2)], rollout: slowRollout });
    await h.waitForState(service, first.body.rollout.id, 'SUCCEEDED', 30_000);
    const res = await h.deploy(service, { applications: [app(3)], env_vars: { SWITCHYARD_SIM_FAULT: 'slow_start_ms:1500' }, rollout: slowRollout });
    await h.waitFor(service, res.body.rollout.id, (r) => r.state === state, 20_000);
    await h.worker.stop('SIGKILL');
    await h.startWorker();
    const { rollout } = await h.waitForState(service, res.body.rollout.id, 'SUCCEEDED', 40_000);
    expect(rollout.events.length).toBeGreaterThan(3);
    const provisions = await h.provisionsPerCluster();
    const mine = Object.entries(provisions).filter(([key]) => key.startsWith(res.body.rollout.id));
    expect(mine.map(([, n]) => n)).toEqual([1]);
    expect((await h.service(service)).primary).toEqual(expect.objectContaining({ name: 'v2', current_weight: 100 }));
  }, 90_000);

  it('FLUSHALL mid-rollout: the reconciler re-enqueues it from Postgres and it finishes', async () => {
    const first = await h.deploy('flushed', { applications: [app(2)], rollout: slowRollout });
    await h.waitForState('flushed', first.body.rollout.id, 'SUCCEEDED', 30_000);
    const res = await h.deploy('flushed', { applications: [app(2)], rollout: slowRollout });
    await h.waitFor('flushed', res.body.rollout.id, (r) => r.state === 'SHIFTING', 20_000);
    const admin = new Redis(redisUrl);
    await admin.flushall();
    admin.disconnect();
    const { rollout } = await h.waitForState('flushed', res.body.rollout.id, 'SUCCEEDED', 40_000);
    expect(rollout.state).toBe('SUCCEEDED');
    const mine = Object.entries(await h.provisionsPerCluster()).filter(([key]) => key.startsWith(res.body.rollout.id));
    expect(mine.map(([, n]) => n)).toEqual([1]);
    // Routing entries of services that were not rolling out come back too.
    const publisher = new RoutingPublisher(h.api.redis, h.api.config.REDIS_PREFIX);
    const entry = await eventually(async () => (await publisher.snapshot()).bySlug('kill-provisioning--shop') ?? undefined, 10_000);
    expect(entry.versions.map((v) => [v.name, v.weight])).toEqual([['v2', 100]]);
  }, 90_000);
});
