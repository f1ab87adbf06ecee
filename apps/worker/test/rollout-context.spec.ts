import { type Cluster, type Db } from '@switchyard/db';
import { randomUUID } from 'node:crypto';
import { loadRolloutContext } from '../src/rollouts/rollout-context';
import { aRolloutRow, aService } from './fixtures/service-rows';
import { useTestDb } from './fixtures/test-db';

/**
 * The tick's load is hand-written SQL mapped back to Prisma's types (the hot path, see
 * rollout-context.ts). These tests hold it to what Prisma's own `include` returns for the same
 * rows, field for field — dates, bytes, JSON, nulls — so a column added to one of the models it
 * reads, and not mapped, fails here.
 */
describe('loadRolloutContext: one SQL statement, the same objects as Prisma include', () => {
  let db: Db;

  useTestDb((client) => (db = client));

  const liveClusters = {
    where: { state: { not: 'TERMINATED' as const } },
    orderBy: { createdAt: 'desc' as const },
  };
  /** What the tick read before, with Prisma's relationJoins include: the reference. */
  async function viaPrisma(id: string) {
    const row = await db.rollout.findUniqueOrThrow({
      relationLoadStrategy: 'join',
      where: { id },
      include: {
        service: { include: { project: { select: { name: true } } } },
        toVersion: { include: { cloud: true, computeConfig: true, clusters: liveClusters } },
        fromVersion: { include: { cloud: true, computeConfig: true, clusters: liveClusters } },
        commands: { where: { consumedAt: null }, orderBy: { createdAt: 'asc' }, take: 1 },
      },
    });
    const { commands, ...rollout } = row;
    const clusters = [...rollout.toVersion.clusters, ...(rollout.fromVersion?.clusters ?? [])].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime(),
    );
    return { rollout, clusters, command: commands[0] ?? null };
  }

  function aCluster(
    base: { orgId: string; cloudId: string },
    versionId: string,
    createdAt: Date,
    more: Partial<Cluster> = {},
  ) {
    return db.cluster.create({
      data: {
        orgId: base.orgId,
        cloudId: base.cloudId,
        serviceVersionId: versionId,
        provider: 'SIM',
        idempotencyKey: randomUUID(),
        createdAt,
        ...more,
      },
    });
  }

  it('a canary rollout with every kind of column filled: dates, bytes, JSON, nulls', async () => {
    const made = await aService(db).withVersions(2).create();
    const { org, cloud, versions } = made;
    const [from, to] = versions as [(typeof versions)[0], (typeof versions)[0]];
    await db.cloud.update({
      where: { id: cloud.id },
      data: {
        credentialsEncrypted: Buffer.from([0, 1, 2, 250, 255]),
        zone: 'sim-a',
        settings: { note: 'ünïcode "quoted"', nested: [1, 2.5, null] },
      },
    });
    const compute = await db.computeConfig.create({
      data: {
        orgId: org.id,
        cloudId: cloud.id,
        name: 'gpu',
        version: 3,
        headNode: { instance_type: 'sim.small' },
        workerGroups: [{ instance_type: 'sim.gpu', min_nodes: 0, max_nodes: 4 }],
      },
    });
    await db.serviceVersion.update({
      where: { id: to.id },
      data: {
        computeConfigId: compute.id,
        config: { name: 'svc', applications: [{ name: 'app', route_prefix: '/' }] },
        observed: { ready: 2 },
        currentWeight: 25,
        targetWeight: 50,
      },
    });
    const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s, 123));
    await aCluster({ orgId: org.id, cloudId: cloud.id }, from.id, at(1), {
      providerClusterId: 'sim-old',
      state: 'RUNNING',
      nodesSettledAt: at(2),
    });
    await aCluster({ orgId: org.id, cloudId: cloud.id }, from.id, at(0), {
      state: 'TERMINATED',
      terminatedAt: at(3),
    });
    await aCluster({ orgId: org.id, cloudId: cloud.id }, to.id, at(5), {
      providerClusterId: 'sim-new',
      failureReason: 'slow start',
    });
    const rollout = await aRolloutRow(db, made, {
      state: 'SHIFTING',
      step: 2,
      options: { canary_percent: null, max_surge_percent: 25 },
      machine: { phase: 'SHIFTING', seq: 4, steps: [{ percent: 25, hold_s: 1 }] },
      deadline: at(59),
      reason: 'step 2',
      finishedAt: at(58),
    });
    for (const [i, consumedAt] of [at(10), null, null].entries()) {
      await db.rolloutCommand.create({
        data: {
          orgId: org.id,
          rolloutId: rollout.id,
          kind: 'SET_CANARY_PERCENT',
          payload: { percent: 10 * (i + 1) },
          requestId: `req-${i}`,
          createdAt: at(20 + i),
          consumedAt,
        },
      });
    }

    const ctx = await loadRolloutContext(db, rollout.id);
    expect(ctx).toEqual(await viaPrisma(rollout.id));
    // The assertions the tick relies on, spelled out (toEqual above is the full proof).
    expect(ctx!.clusters.map((c) => c.providerClusterId)).toEqual(['sim-new', 'sim-old']);
    expect(ctx!.command?.requestId).toBe('req-1');
    expect(ctx!.rollout.service.project).toEqual({ name: 'shop' });
    expect(ctx!.rollout.toVersion.cloud.credentialsEncrypted).toEqual(
      new Uint8Array([0, 1, 2, 250, 255]),
    );
    expect(ctx!.rollout.deadline.toISOString()).toBe('2026-11-22T10:00:59.123Z');
  });

  it('a first deploy: no old version, no clusters, no command', async () => {
    const rollout = await aRolloutRow(db, await aService(db).create());
    const ctx = await loadRolloutContext(db, rollout.id);
    expect(ctx).toEqual(await viaPrisma(rollout.id));
    expect(ctx).toMatchObject({ clusters: [], command: null, rollout: { fromVersion: null } });
  });

  it('an unknown rollout is null', async () => {
    expect(await loadRolloutContext(db, randomUUID())).toBeNull();
  });
});
