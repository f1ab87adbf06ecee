import type { Db } from '@switchyard/db';
import { createRedis, type Redis } from '@switchyard/platform';
import { RoutingPublisher } from '@switchyard/routing';
import { randomBytes } from 'node:crypto';
import { mergeClusterFacts, persistTick, StaleTickError } from '../src/rollouts/persist';
import type { TickWrites } from '../src/rollouts/tick-writes';
import type { ClusterFact } from '../src/rollouts/execute';
import { servicesWithStaleRoutes } from '../src/routing/route-repair';
import { routingEntryFor } from '../src/routing/routing-entry';
import { aRolloutRow, aService } from './fixtures/service-rows';
import { useTestDb } from './fixtures/test-db';

const NOW = new Date('2026-11-22T10:15:30.123Z');

describe('persistTick: one statement, guarded by the optimistic version', () => {
  let db: Db;

  useTestDb((client) => (db = client));

  async function aRollout() {
    const made = await aService(db).withVersions(2).create();
    const { org, service, versions } = made;
    const [from, to] = versions as [(typeof versions)[0], (typeof versions)[0]];
    await db.service.update({
      where: { id: service.id },
      data: { primaryVersionId: from.id, canaryVersionId: to.id, state: 'ROLLING_OUT' },
    });
    const rollout = await aRolloutRow(db, made, {
      state: 'SHIFTING',
      deadline: new Date(NOW.getTime() + 3_600_000),
    });
    const command = await db.rolloutCommand.create({
      data: {
        orgId: org.id,
        rolloutId: rollout.id,
        kind: 'SET_CANARY_PERCENT',
        payload: { percent: 50 },
        requestId: 'req-1',
      },
    });
    return { org, service, from, to, rollout, command };
  }

  function writesFor(
    r: Awaited<ReturnType<typeof aRollout>>,
    overrides: Partial<TickWrites> = {},
  ): TickWrites {
    const machine = { phase: 'SUCCEEDED', seq: 7 } as unknown as TickWrites['rollout']['machine'];
    return {
      rollout: {
        id: r.rollout.id,
        orgId: r.org.id,
        expectedVersion: 0,
        machine,
        state: 'SUCCEEDED',
        step: 7,
        reason: 'all traffic on the canary',
        finishedAt: NOW,
      },
      events: [
        {
          type: 'TRAFFIC_SHIFTED',
          reason: 'step 3: 100 %',
          fromState: 'SHIFTING',
          toState: 'COMPLETING',
          at: NOW.getTime() - 1000,
        },
        {
          type: 'TRANSITION',
          reason: 'done',
          fromState: 'COMPLETING',
          toState: 'SUCCEEDED',
          at: NOW.getTime(),
        },
      ],
      consumedCommandId: r.command.id,
      toVersion: {
        id: r.to.id,
        state: 'RUNNING',
        currentWeight: 100,
        targetWeight: 100,
        observed: { healthy: true },
      },
      fromVersion: {
        id: r.from.id,
        state: 'TERMINATED',
        currentWeight: 0,
        targetWeight: 0,
        observed: { healthy: false },
      },
      moveClusterId: null,
      clusterFacts: [],
      service: { id: r.service.id, state: 'RUNNING', promote: true, clearCanary: true },
      now: NOW,
      ...overrides,
    };
  }

  it('writes the rollout, its events (consecutive seq), the command, both versions and the service', async () => {
    const r = await aRollout();
    await persistTick(db, writesFor(r));
    const rollout = await db.rollout.findUniqueOrThrow({
      where: { id: r.rollout.id },
      include: { events: { orderBy: { seq: 'asc' } }, commands: true },
    });
    expect(rollout).toMatchObject({
      state: 'SUCCEEDED',
      step: 7,
      version: 1,
      reason: 'all traffic on the canary',
      finishedAt: NOW,
      updatedAt: NOW,
    });
    expect(rollout.machine).toMatchObject({ phase: 'SUCCEEDED', seq: 7 });
    expect(
      rollout.events.map((e) => [e.seq, e.type, e.fromState, e.toState, e.createdAt.toISOString()]),
    ).toEqual([
      [1, 'TRAFFIC_SHIFTED', 'SHIFTING', 'COMPLETING', '2026-11-22T10:15:29.123Z'],
      [2, 'TRANSITION', 'COMPLETING', 'SUCCEEDED', '2026-11-22T10:15:30.123Z'],
    ]);
    expect(rollout.commands[0]!.consumedAt).toEqual(NOW);
    expect(await db.serviceVersion.findUniqueOrThrow({ where: { id: r.to.id } })).toMatchObject({
      state: 'RUNNING',
      currentWeight: 100,
      targetWeight: 100,
      observed: { healthy: true },
    });
    expect(await db.serviceVersion.findUniqueOrThrow({ where: { id: r.from.id } })).toMatchObject({
      state: 'TERMINATED',
      currentWeight: 0,
    });
    expect(await db.service.findUniqueOrThrow({ where: { id: r.service.id } })).toMatchObject({
      state: 'RUNNING',
      primaryVersionId: r.to.id,
      canaryVersionId: null,
      routingRevision: 1,
    });

    // The next tick's events continue the sequence.
    await persistTick(
      db,
      writesFor(r, {
        rollout: { ...writesFor(r).rollout, expectedVersion: 1 },
        consumedCommandId: null,
      }),
    );
    expect(
      (
        await db.rolloutEvent.findMany({
          where: { rolloutId: r.rollout.id },
          orderBy: { seq: 'asc' },
        })
      ).map((e) => e.seq),
    ).toEqual([1, 2, 3, 4]);
  });

  it('a tick that lost the race (stale version) writes nothing at all', async () => {
    const r = await aRollout();
    const before = await snapshot(r);
    await expect(
      persistTick(db, writesFor(r, { rollout: { ...writesFor(r).rollout, expectedVersion: 5 } })),
    ).rejects.toBeInstanceOf(StaleTickError);
    expect(await snapshot(r)).toEqual(before);
  });

  it('of two ticks racing from the same version, exactly one applies', async () => {
    const r = await aRollout();
    const results = await Promise.allSettled([
      persistTick(db, writesFor(r)),
      persistTick(db, writesFor(r)),
    ]);
    expect(results.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.rolloutEvent.count({ where: { rolloutId: r.rollout.id } })).toBe(2);
    expect(
      (await db.service.findUniqueOrThrow({ where: { id: r.service.id } })).routingRevision,
    ).toBe(1);
  });

  /** Two cluster rows of the rollout's versions, as execution leaves them before the write. */
  async function clustersOf(r: Awaited<ReturnType<typeof aRollout>>) {
    const row = (versionId: string, key: string) =>
      db.cluster.create({
        data: {
          orgId: r.org.id,
          serviceVersionId: versionId,
          cloudId: r.to.cloudId,
          provider: 'SIM',
          idempotencyKey: `${r.rollout.id}/${key}`,
          providerClusterId: key === 'old' ? 'sim-old' : null,
          state: key === 'old' ? 'RUNNING' : 'PROVISIONING',
        },
      });
    return { old: await row(r.from.id, 'old'), fresh: await row(r.to.id, 'new') };
  }

  /** One tick that writes only these cluster facts (plus what `writesFor` always writes). */
  const writeFacts = (r: Awaited<ReturnType<typeof aRollout>>, clusterFacts: ClusterFact[]) =>
    persistTick(db, writesFor(r, { clusterFacts }));
  const clusterRow = (id: string) => db.cluster.findUniqueOrThrow({ where: { id } });

  it('writes what the provider did to clusters, changing only the fields it names', async () => {
    const r = await aRollout();
    const { old, fresh } = await clustersOf(r);
    await writeFacts(r, [
      { id: fresh.id, providerClusterId: 'sim-new' },
      { id: old.id, state: 'TERMINATED', terminatedAt: NOW },
    ]);
    expect(await clusterRow(fresh.id)).toMatchObject({
      providerClusterId: 'sim-new',
      state: 'PROVISIONING',
      terminatedAt: null,
    });
    expect(await clusterRow(old.id)).toMatchObject({
      providerClusterId: 'sim-old',
      state: 'TERMINATED',
      terminatedAt: NOW,
      failureReason: null,
    });

    const r2 = await aRollout();
    const failed = (await clustersOf(r2)).fresh;
    await writeFacts(r2, [{ id: failed.id, state: 'FAILED', failureReason: 'quota: no GPUs' }]);
    expect(await clusterRow(failed.id)).toMatchObject({
      providerClusterId: null,
      state: 'FAILED',
      failureReason: 'quota: no GPUs',
    });
  });

  it('a cluster first seen RUNNING in the tick that terminates it is written TERMINATED', async () => {
    const r = await aRollout();
    const { fresh } = await clustersOf(r);
    await writeFacts(r, [
      { id: fresh.id, state: 'TERMINATED', terminatedAt: NOW },
      { id: fresh.id, state: 'RUNNING' },
    ]);
    expect(await clusterRow(fresh.id)).toMatchObject({
      state: 'TERMINATED',
      terminatedAt: NOW,
    });
  });

  it('RUNNING moves a PROVISIONING row only: a cluster already ended stays ended', async () => {
    const r = await aRollout();
    const { old, fresh } = await clustersOf(r);
    await db.cluster.update({ where: { id: old.id }, data: { state: 'TERMINATED' } });
    await writeFacts(r, [
      { id: fresh.id, state: 'RUNNING' },
      { id: old.id, state: 'RUNNING' },
    ]);
    expect((await clusterRow(fresh.id)).state).toBe('RUNNING');
    expect((await clusterRow(old.id)).state).toBe('TERMINATED');
  });

  it('a stale tick still records the cluster facts (the provider acted), and nothing else', async () => {
    const r = await aRollout();
    const { fresh } = await clustersOf(r);
    const before = await snapshot(r);
    await expect(
      persistTick(
        db,
        writesFor(r, {
          rollout: { ...writesFor(r).rollout, expectedVersion: 5 },
          clusterFacts: [{ id: fresh.id, providerClusterId: 'sim-new' }],
        }),
      ),
    ).rejects.toBeInstanceOf(StaleTickError);
    expect(await snapshot(r)).toEqual(before);
    expect((await clusterRow(fresh.id)).providerClusterId).toBe('sim-new');
  });

  it('a fact about the cluster an in-place success moves is applied too (not lost to the move)', async () => {
    const r = await aRollout();
    const { old } = await clustersOf(r);
    await persistTick(
      db,
      writesFor(r, {
        moveClusterId: old.id,
        clusterFacts: [{ id: old.id, providerClusterId: 'sim-old-2' }],
      }),
    );
    expect(await clusterRow(old.id)).toMatchObject({
      serviceVersionId: r.to.id,
      providerClusterId: 'sim-old-2',
    });
  });

  async function snapshot(r: Awaited<ReturnType<typeof aRollout>>) {
    return {
      rollout: await db.rollout.findUniqueOrThrow({ where: { id: r.rollout.id } }),
      events: await db.rolloutEvent.count({ where: { rolloutId: r.rollout.id } }),
      command: await db.rolloutCommand.findUniqueOrThrow({ where: { id: r.command.id } }),
      versions: await db.serviceVersion.findMany({
        where: { serviceId: r.service.id },
        orderBy: { name: 'asc' },
      }),
      service: await db.service.findUniqueOrThrow({ where: { id: r.service.id } }),
    };
  }

  describe('route repair (what the reconciler republishes)', () => {
    let redis: Redis;
    const prefix = `sy-test-${randomBytes(4).toString('hex')}`;
    beforeAll(() => {
      redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    });
    afterAll(async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it('finds entries missing, behind Postgres, or left over for a terminated service — and nothing else', async () => {
      const publisher = new RoutingPublisher(redis, prefix);
      const publish = async (serviceId: string) => {
        const entry = await routingEntryFor(db, serviceId, NOW.getTime());
        if (entry) await publisher.publish(entry);
      };
      const current = await aService(db).create();
      const missing = await aService(db).create();
      const behind = await aService(db).create();
      const terminated = await aService(db).create();
      for (const s of [current, behind, terminated]) await publish(s.service.id);
      await db.service.update({
        where: { id: behind.service.id },
        data: { routingRevision: { increment: 1 } },
      });
      await db.service.update({
        where: { id: terminated.service.id },
        data: { state: 'TERMINATED', routingRevision: { increment: 1 } },
      });

      const stale = await servicesWithStaleRoutes(db, redis, prefix);
      const mine = [current, missing, behind, terminated].map((s) => s.service.id);
      expect(stale.filter((id) => mine.includes(id)).sort()).toEqual(
        [missing.service.id, behind.service.id, terminated.service.id].sort(),
      );
    });
  });
});

describe('mergeClusterFacts: one fact per cluster', () => {
  it('merges facts about one cluster; an ended state beats RUNNING in either order', () => {
    const at = new Date('2026-12-03T14:00:00.000Z');
    expect(
      mergeClusterFacts([
        { id: 'a', state: 'RUNNING' },
        { id: 'b', providerClusterId: 'p-b' },
        { id: 'a', state: 'TERMINATED', terminatedAt: at },
        { id: 'b', state: 'RUNNING' },
        { id: 'c', state: 'FAILED', failureReason: 'quota' },
        { id: 'c', state: 'RUNNING' },
      ]),
    ).toEqual([
      { id: 'a', state: 'TERMINATED', terminatedAt: at },
      { id: 'b', providerClusterId: 'p-b', state: 'RUNNING' },
      { id: 'c', state: 'FAILED', failureReason: 'quota' },
    ]);
  });
});
