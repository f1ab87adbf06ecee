import { randomBytes } from 'node:crypto';
import { createRedis, type Redis } from '@switchyard/platform';
import { writeReplicaLoads, type LoadReport } from '@switchyard/routing';
import { GatewayLoadSource } from '../src/providers/gateway-load-source';

/**
 * The autoscaler's input as the gateways really leave it: reports written by
 * `writeReplicaLoads` (what apps/gateway's TelemetryReporter calls every interval), read back
 * through the adapter the worker hands the local provider.
 */
describe('GatewayLoadSource (real Redis, the gateway writer)', () => {
  let redis: Redis;
  const prefix = `sy-test-loads-${randomBytes(4).toString('hex')}`;
  beforeAll(() => {
    redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const where = (serviceId: string, versionId = 'v1') => ({
    serviceId,
    versionId,
    application: 'app',
    deployment: 'model',
  });
  const gatewayReport = (
    replicas: [serviceId: string, replicaId: string, ongoing: number, versionId?: string][],
    queues: [serviceId: string, queued: number, versionId?: string][] = [],
  ): LoadReport => ({
    replicas: replicas.map(([s, replicaId, ongoing, v]) => ({
      ...where(s, v),
      replicaId,
      ongoing,
    })),
    queues: queues.map(([s, queued, v]) => ({ ...where(s, v), queued })),
  });

  it('sums every live gateway per replica and keeps queued requests per deployment', async () => {
    const p = `${prefix}:sum`;
    await writeReplicaLoads(
      redis,
      p,
      'gw-a',
      gatewayReport(
        [
          ['svc-1', 'r1', 2],
          ['svc-1', 'r2', 1],
          ['svc-2', 'r9', 7],
        ],
        [['svc-1', 3, 'v2']],
      ),
      { ttlMs: 10_000 },
    );
    await writeReplicaLoads(
      redis,
      p,
      'gw-b',
      gatewayReport([['svc-1', 'r1', 4]], [['svc-1', 1, 'v2']]),
      { ttlMs: 10_000 },
    );

    const load = await new GatewayLoadSource(redis, p).read('svc-1');
    expect([...load.perReplica.entries()].sort()).toEqual([
      ['r1', 6],
      ['r2', 1],
    ]);
    expect(load.queued).toEqual([
      { versionId: 'v2', application: 'app', deployment: 'model', queued: 4 },
    ]);
    const other = await new GatewayLoadSource(redis, p).read('svc-2');
    expect([...other.perReplica.entries()]).toEqual([['r9', 7]]);
    expect(other.queued).toEqual([]);
  });

  it('stops counting a gateway whose report expired (a dead gateway)', async () => {
    const p = `${prefix}:expiry`;
    await writeReplicaLoads(redis, p, 'gw-dead', gatewayReport([['svc-1', 'r1', 5]]), {
      // Long enough to be read once on a loaded machine (50 ms expired before the first read in CI).
      ttlMs: 1_000,
    });
    await writeReplicaLoads(redis, p, 'gw-live', gatewayReport([['svc-1', 'r1', 1]]), {
      ttlMs: 10_000,
    });
    const source = new GatewayLoadSource(redis, p);
    expect((await source.read('svc-1')).perReplica.get('r1')).toBe(6);
    const deadline = Date.now() + 10_000;
    let seen = 6;
    while (Date.now() < deadline && seen !== 1) {
      await new Promise((r) => setTimeout(r, 20));
      seen = (await source.read('svc-1')).perReplica.get('r1') ?? 0;
    }
    expect(seen).toBe(1);
  });

  it('reports an idle service as empty, and rejects when Redis cannot answer', async () => {
    const idle = await new GatewayLoadSource(redis, `${prefix}:idle`).read('svc-1');
    expect(idle.perReplica.size).toBe(0);
    expect(idle.queued).toEqual([]);

    const closed = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await closed.quit();
    await expect(new GatewayLoadSource(closed, `${prefix}:idle`).read('svc-1')).rejects.toThrow();
  });
});
