/**
 * What every LocalReplicaStore must do, as a Jest suite to run against each implementation
 * (in-memory here, Postgres in apps/worker/test/local-replica-store.spec.ts). Uses Jest's
 * globals; importing it outside Jest is harmless.
 */
import { randomBytes } from 'node:crypto';
import type { LocalClusterRecord, LocalReplicaRecord } from './records';
import type { LocalReplicaStore } from './store';

export function sampleLocalCluster(patch: Partial<LocalClusterRecord> = {}): LocalClusterRecord {
  const run = randomBytes(4).toString('hex');
  return {
    providerClusterId: `local-${run}`,
    clusterKey: `ro-${run}/ver-${run}`,
    labels: {
      orgId: `org-${run}`,
      projectId: `prj-${run}`,
      serviceId: `svc-${run}`,
      serviceName: `svc-${run}`,
      versionId: `ver-${run}`,
      versionName: 'v1',
      rolloutId: `ro-${run}`,
    },
    state: 'RUNNING',
    env: { GREETING: 'hi' },
    workingDir: '/tmp',
    applications: [
      {
        name: 'app',
        routePrefix: '/',
        command: 'node x.js',
        healthCheck: { path: '/healthz', periodS: 1, timeoutS: 1 },
        deployments: [{ name: 'web', maxOngoingRequests: 5, resources: {} }],
      },
    ],
    deployments: [
      {
        application: 'app',
        deployment: 'web',
        target: { kind: 'static', replicas: 1 },
        desired: 1,
        pending: null,
        nextOrdinal: 1,
      },
    ],
    appliedKeys: [],
    replacing: [],
    replacedReplicaIds: [],
    createdAt: 1_700_000_000_000,
    terminatingAt: null,
    terminatedAt: null,
    revision: 0,
    ...patch,
  };
}

export function sampleLocalReplica(
  cluster: LocalClusterRecord,
  ordinal: number,
  patch: Partial<LocalReplicaRecord> = {},
): LocalReplicaRecord {
  return {
    replicaId: `${cluster.providerClusterId}.app.web.${ordinal}`,
    providerClusterId: cluster.providerClusterId,
    orgId: cluster.labels.orgId,
    serviceId: cluster.labels.serviceId,
    versionId: cluster.labels.versionId,
    application: 'app',
    deployment: 'web',
    ordinal,
    state: 'STARTING',
    pid: null,
    pgid: null,
    port: null,
    processStartTime: null,
    startedAt: null,
    readyAt: null,
    restarts: 0,
    crashStreak: 0,
    lastExitCode: null,
    lastFailure: null,
    nextRestartAt: null,
    drainingSince: null,
    signalledAt: null,
    stoppedAt: null,
    replaces: null,
    createdAt: 1_700_000_000_000 + ordinal,
    ...patch,
  };
}

export function describeLocalReplicaStoreContract(
  name: string,
  makeStore: () => Promise<{ store: LocalReplicaStore; cleanup(): Promise<void> }>,
): void {
  describe(`LocalReplicaStore contract: ${name}`, () => {
    let store: LocalReplicaStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => cleanup());

    it('creates a cluster once per clusterKey and reads it back unchanged', async () => {
      const c = sampleLocalCluster();
      expect(await store.createCluster(c)).toEqual({ record: c, created: true });
      const again = await store.createCluster({
        ...c,
        providerClusterId: `${c.providerClusterId}-2`,
      });
      expect(again).toEqual({ record: c, created: false });
      expect(await store.getCluster(c.providerClusterId)).toEqual(c);
      expect(await store.getCluster('local-nope')).toBeNull();
    });

    it('finds clusters by labels and lists the active ones', async () => {
      const a = sampleLocalCluster();
      const b = sampleLocalCluster({
        labels: { ...a.labels, versionId: `${a.labels.versionId}-b`, rolloutId: 'ro-b' },
        clusterKey: `${a.clusterKey}-b`,
        providerClusterId: `${a.providerClusterId}-b`,
        state: 'TERMINATED',
      });
      await store.createCluster(a);
      await store.createCluster(b);
      expect(
        (await store.findClusters({ serviceId: a.labels.serviceId }))
          .map((c) => c.providerClusterId)
          .sort(),
      ).toEqual([a.providerClusterId, b.providerClusterId].sort());
      expect(
        (
          await store.findClusters({ serviceId: a.labels.serviceId, versionId: b.labels.versionId })
        ).map((c) => c.providerClusterId),
      ).toEqual([b.providerClusterId]);
      const active = (await store.activeClusters()).map((c) => c.providerClusterId);
      expect(active).toContain(a.providerClusterId);
      expect(active).not.toContain(b.providerClusterId);
    });

    it('updates a cluster read-modify-write, bumping its revision; null changes nothing', async () => {
      const c = sampleLocalCluster();
      await store.createCluster(c);
      const next = await store.updateCluster(c.providerClusterId, (cur) => ({
        ...cur,
        appliedKeys: [...cur.appliedKeys, 'setCapacity:k'],
        state: 'TERMINATING',
        terminatingAt: 5,
      }));
      expect(next).toMatchObject({
        appliedKeys: ['setCapacity:k'],
        state: 'TERMINATING',
        terminatingAt: 5,
        revision: 1,
      });
      expect(await store.updateCluster(c.providerClusterId, () => null)).toMatchObject({
        revision: 1,
      });
      expect(await store.updateCluster('local-nope', (cur) => cur)).toBeNull();
    });

    it('concurrent cluster updates lose nothing', async () => {
      const c = sampleLocalCluster();
      await store.createCluster(c);
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.updateCluster(c.providerClusterId, (cur) => ({
            ...cur,
            appliedKeys: [...cur.appliedKeys, `k${i}`],
          })),
        ),
      );
      const after = await store.getCluster(c.providerClusterId);
      expect([...after!.appliedKeys].sort()).toEqual(
        Array.from({ length: 8 }, (_, i) => `k${i}`).sort(),
      );
      expect(after!.revision).toBe(8);
    });

    it('inserts, patches and lists replicas (STOPPED only on request)', async () => {
      const c = sampleLocalCluster();
      await store.createCluster(c);
      const r1 = sampleLocalReplica(c, 1, {
        pid: 4242,
        pgid: 4242,
        port: 30001,
        processStartTime: 123456789012,
        startedAt: 1_700_000_000_500,
      });
      const r2 = sampleLocalReplica(c, 2);
      await store.insertReplica(r1);
      await store.insertReplica(r2);
      expect(await store.replicas(c.providerClusterId)).toEqual([r1, r2]);
      await store.updateReplica(r2.replicaId, {
        state: 'STOPPED',
        stoppedAt: 1_700_000_001_000,
        lastExitCode: 137,
      });
      await store.updateReplica(r1.replicaId, {
        state: 'READY',
        readyAt: 1_700_000_000_900,
        restarts: 2,
      });
      expect(await store.replicas(c.providerClusterId)).toEqual([
        { ...r1, state: 'READY', readyAt: 1_700_000_000_900, restarts: 2 },
      ]);
      // Conditional patches: only from the expected state.
      expect(await store.updateReplica(r1.replicaId, { state: 'DRAINING' }, 'STARTING')).toBe(
        false,
      );
      expect(
        await store.updateReplica(r1.replicaId, { state: 'DRAINING', drainingSince: 7 }, 'READY'),
      ).toBe(true);
      expect(await store.updateReplica(`${r1.replicaId}-nope`, { state: 'DRAINING' })).toBe(false);
      await store.updateReplica(r1.replicaId, { state: 'READY', drainingSince: null });
      const all = await store.replicas(c.providerClusterId, { includeStopped: true });
      expect(all.map((r) => [r.replicaId, r.state, r.lastExitCode])).toEqual([
        [r1.replicaId, 'READY', null],
        [r2.replicaId, 'STOPPED', 137],
      ]);
    });
  });
}
