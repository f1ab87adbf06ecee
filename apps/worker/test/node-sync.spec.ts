import {
  createSimProvider,
  InMemorySimStore,
  ProviderError,
  type CloudProvider,
  type ComputeSpec,
} from '@switchyard/cloud-providers';
import { createDb, type Db } from '@switchyard/db';
import { createLogger } from '@switchyard/platform';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { NodeSync } from '../src/clusters/node-sync';
import { aCluster } from './fixtures/cluster-factory';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const compute: ComputeSpec = {
  headNode: { instanceType: 'm5.large' },
  workerGroups: [
    {
      name: 'gpu',
      instanceType: 'g5.xlarge',
      gpuType: 'A10G',
      gpuCount: 1,
      minNodes: 0,
      maxNodes: 4,
    },
  ],
};

describe('node sync (real Postgres, sim provider)', () => {
  let database: TestDatabase;
  let db: Db;
  const clock = { now: T0 };
  const sim = createSimProvider({
    store: new InMemorySimStore(),
    clock: () => clock.now,
    nodeStartMs: 5_000,
    replicasPerNode: 1,
  });
  let failing: Set<string>;
  /** The sim, except that clusters named in `failing` cannot be described (a provider outage). */
  const provider: CloudProvider = {
    ...sim,
    kind: 'sim',
    describeCluster: async (handle) => {
      if (failing.has(handle.providerClusterId))
        throw new ProviderError('unavailable', 'the provider API is down');
      return sim.describeCluster(handle);
    },
  };
  const sync = () =>
    new NodeSync(
      db,
      async () => provider,
      () => clock.now,
      createLogger('test', 'silent'),
    ).run();
  const nodesOf = (clusterId: string) =>
    db.clusterNode.findMany({
      where: { clusterId },
      orderBy: { providerNodeId: 'asc' },
      select: {
        providerNodeId: true,
        role: true,
        instanceType: true,
        gpuType: true,
        gpuCount: true,
        state: true,
        startedAt: true,
        stoppedAt: true,
      },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
  });
  beforeEach(() => {
    failing = new Set();
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('records nodes with instance type, GPUs, start and stop times; a second run writes nothing', async () => {
    clock.now = T0;
    const { cluster, handle, target } = await aCluster(db, provider)
      .withCompute(compute)
      .withReplicas(2)
      .create();

    await sync();
    expect(await nodesOf(cluster.id)).toEqual([
      {
        providerNodeId: `${handle.providerClusterId}-gpu-1`,
        role: 'WORKER',
        instanceType: 'g5.xlarge',
        gpuType: 'A10G',
        gpuCount: 1,
        state: 'PENDING',
        startedAt: new Date(T0),
        stoppedAt: null,
      },
      {
        providerNodeId: `${handle.providerClusterId}-gpu-2`,
        role: 'WORKER',
        instanceType: 'g5.xlarge',
        gpuType: 'A10G',
        gpuCount: 1,
        state: 'PENDING',
        startedAt: new Date(T0),
        stoppedAt: null,
      },
      {
        providerNodeId: `${handle.providerClusterId}-head`,
        role: 'HEAD',
        instanceType: 'm5.large',
        gpuType: null,
        gpuCount: 0,
        state: 'PENDING',
        startedAt: new Date(T0),
        stoppedAt: null,
      },
    ]);

    clock.now = T0 + 60_000;
    expect(await sync()).toMatchObject({ updated: 3 });
    expect((await nodesOf(cluster.id)).map((n) => n.state)).toEqual([
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ]);
    const before = await nodesOf(cluster.id);
    expect(await sync()).toMatchObject({ created: 0, updated: 0, settled: 0 });
    expect(await nodesOf(cluster.id)).toEqual(before);

    // Scale down: the newest GPU node stops once its replica has drained.
    await provider.setCapacity(handle, target(1), 'down');
    clock.now = T0 + 120_000;
    await provider.describeCluster(handle); // the sim removes drained replicas when described
    await sync();
    const after = await nodesOf(cluster.id);
    expect(after.filter((n) => n.stoppedAt).map((n) => [n.providerNodeId, n.state])).toEqual([
      [`${handle.providerClusterId}-gpu-2`, 'STOPPED'],
    ]);
    expect(after.find((n) => n.stoppedAt)!.stoppedAt!.getTime()).toBeGreaterThanOrEqual(
      T0 + 60_000,
    );
  });

  it('closes every node when the cluster is terminated, settles it, and never asks again', async () => {
    clock.now = T0;
    const { cluster, handle } = await aCluster(db, provider).withCompute(compute).create();
    await sync();
    clock.now = T0 + 3_600_000;
    await provider.terminateCluster(handle, 'terminate-1');
    await db.cluster.update({
      where: { id: cluster.id },
      data: { state: 'TERMINATED', terminatedAt: new Date(clock.now) },
    });

    await sync();
    const nodes = await nodesOf(cluster.id);
    expect(nodes.map((n) => [n.state, n.stoppedAt?.getTime()])).toEqual([
      ['STOPPED', T0 + 3_600_000],
      ['STOPPED', T0 + 3_600_000],
    ]);
    expect(
      (await db.cluster.findUniqueOrThrow({ where: { id: cluster.id } })).nodesSettledAt,
    ).not.toBeNull();

    failing.add(handle.providerClusterId); // asking again would fail the run
    const again = await sync();
    expect(again.failed).toBe(0);
    expect(await nodesOf(cluster.id)).toEqual(nodes);
  });

  it('a provider outage on one cluster leaves the others synced and retries it next run', async () => {
    clock.now = T0;
    const down = await aCluster(db, provider).create();
    const up = await aCluster(db, provider).create();
    failing.add(down.handle.providerClusterId);
    const result = await sync();
    expect(result.failed).toBe(1);
    expect(await nodesOf(down.cluster.id)).toEqual([]);
    expect(await nodesOf(up.cluster.id)).toHaveLength(2); // head + one worker

    failing.clear();
    await sync();
    expect(await nodesOf(down.cluster.id)).toHaveLength(2);
  });
});
