import type { Redis } from '@switchyard/platform';
import { RedisTestContext } from '../../test/redis-test-context';
import { waitFor } from '../../test/wait-for';
import { readReplicaLoads, writeReplicaLoads, type LoadReport } from './replica-loads';
import { telemetryKeys } from './telemetry-keys';

const ctx = new RedisTestContext('loads');
let redis: Redis;
beforeAll(() => {
  redis = ctx.connect();
});
afterAll(() => ctx.cleanup());

let n = 0;
const fresh = () => ctx.scoped(`t${++n}`);

const replica = (serviceId: string, replicaId: string, ongoing: number) => ({
  serviceId,
  versionId: 'v1',
  application: 'app',
  deployment: 'model',
  replicaId,
  ongoing,
});
const report = (replicas: LoadReport['replicas'], queued = 0): LoadReport => ({
  replicas,
  queues: queued
    ? [{ serviceId: 's1', versionId: 'v1', application: 'app', deployment: 'model', queued }]
    : [],
});

describe('replica loads in Redis', () => {
  it('sums every live gateway per replica, and filters by service', async () => {
    const prefix = fresh();
    await writeReplicaLoads(
      redis,
      prefix,
      'gw-a',
      report([replica('s1', 'r1', 2), replica('s1', 'r2', 1), replica('s2', 'r9', 4)], 3),
      { ttlMs: 10_000 },
    );
    await writeReplicaLoads(redis, prefix, 'gw-b', report([replica('s1', 'r1', 5)], 1), {
      ttlMs: 10_000,
    });

    const s1 = await readReplicaLoads(redis, prefix, 's1');
    expect(s1.gateways).toEqual(['gw-a', 'gw-b']);
    expect(s1.replicas.sort((a, b) => (a.replicaId < b.replicaId ? -1 : 1))).toEqual([
      replica('s1', 'r1', 7),
      replica('s1', 'r2', 1),
    ]);
    expect(s1.queues).toEqual([
      { serviceId: 's1', versionId: 'v1', application: 'app', deployment: 'model', queued: 4 },
    ]);

    const all = await readReplicaLoads(redis, prefix);
    expect(all.replicas).toHaveLength(3);
    expect(all.replicas.find((r) => r.replicaId === 'r9')?.ongoing).toBe(4);
  });

  it('replaces a gateway report whole: a replica it no longer reports counts 0', async () => {
    const prefix = fresh();
    await writeReplicaLoads(redis, prefix, 'gw', report([replica('s1', 'r1', 3)]), {
      ttlMs: 10_000,
    });
    await writeReplicaLoads(redis, prefix, 'gw', report([]), { ttlMs: 10_000 });
    const loads = await readReplicaLoads(redis, prefix, 's1');
    expect(loads.gateways).toEqual(['gw']); // still alive, just idle
    expect(loads.replicas).toEqual([]);
  });

  it('forgets a gateway that stopped reporting once its TTL passes', async () => {
    const prefix = fresh();
    await writeReplicaLoads(redis, prefix, 'alive', report([replica('s1', 'r1', 1)]), {
      ttlMs: 10_000,
    });
    await writeReplicaLoads(redis, prefix, 'dead', report([replica('s1', 'r1', 5)]), {
      ttlMs: 150,
    });
    expect((await readReplicaLoads(redis, prefix, 's1')).replicas[0]?.ongoing).toBe(6);
    await waitFor(
      'the dead gateway to expire',
      async () => (await redis.exists(telemetryKeys(prefix).loads('dead'))) === 0,
      5000,
    );
    const loads = await readReplicaLoads(redis, prefix, 's1');
    expect(loads.gateways).toEqual(['alive']);
    expect(loads.replicas[0]?.ongoing).toBe(1);
  });

  it('reads nothing when no gateway ever reported', async () => {
    expect(await readReplicaLoads(redis, fresh())).toEqual({
      gateways: [],
      replicas: [],
      queues: [],
    });
  });
});
