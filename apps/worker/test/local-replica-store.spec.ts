/**
 * The local provider's Postgres side: the LocalReplicaStore contract on a real database, the
 * advisory-lock lease (one holder; released on close and when its connection dies), and the
 * provider on Postgres across "worker restarts" with real replica processes.
 */
import { Client } from 'pg';
import {
  createLocalProvider,
  describeLocalReplicaStoreContract,
  fixtureCommand,
  killRecordedReplicas,
  liveGroupsOf,
  FAST_TIMINGS,
  type LocalProvider,
} from '@switchyard/cloud-providers';
import { createDb, type Db } from '@switchyard/db';
import { createLogger } from '@switchyard/platform';
import { createTestDatabase, eventually, type TestDatabase } from '@switchyard/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AdvisoryLockLease } from '../src/providers/advisory-lock-lease';
import { PrismaLocalReplicaStore } from '../src/providers/local-replica-store';

const logger = createLogger('test', 'silent');
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { poolSize: 8 });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describeLocalReplicaStoreContract('Postgres', async () => ({
  store: new PrismaLocalReplicaStore(db),
  cleanup: async () => undefined,
}));

describe('advisory-lock supervisor lease', () => {
  it('has one holder at a time; another takes it when it is released or its connection dies', async () => {
    const name = `test-lease-${process.pid}-${Date.now()}`;
    const a = new AdvisoryLockLease(database.url, logger, name);
    const b = new AdvisoryLockLease(database.url, logger, name);
    try {
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
      expect(await a.acquire()).toBe(true); // still held
      await a.release();
      expect(await b.acquire()).toBe(true);
      expect(await a.acquire()).toBe(false);

      // The holder's session is killed (a network cut, a Postgres restart): the lock goes with it.
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'switchyard-local-supervisor' AND datname = current_database() AND pid <> pg_backend_pid()`,
      );
      await admin.end();
      expect(
        await eventually(async () => ((await a.acquire()) ? true : undefined), 5_000, 100),
      ).toBe(true);
    } finally {
      await a.release();
      await b.release();
    }
  });
});

describe('local provider on Postgres (real processes)', () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-pg-'));
  const providers: LocalProvider[] = [];
  const store = () => new PrismaLocalReplicaStore(db);
  const make = () => {
    const p = createLocalProvider({
      store: store(),
      lease: new AdvisoryLockLease(database.url, logger),
      stateDir,
      workingDir: stateDir,
      logger,
      timings: FAST_TIMINGS,
    });
    providers.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of providers) await p.close();
    await killRecordedReplicas(store());
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('survives a worker restart: replicas are re-adopted from the records, not restarted or duplicated', async () => {
    const workers = [make(), make()]; // two workers on the machine: one supervises, both answer calls
    const run = Date.now().toString(36);
    const labels = {
      orgId: 'org',
      projectId: 'prj',
      serviceId: `svc-${run}`,
      serviceName: 'demo',
      versionId: `ver-${run}`,
      versionName: 'v1',
      rolloutId: `ro-${run}`,
    };
    await eventually(
      async () => (workers.some((w) => w.supervisor.isSupervising) ? true : undefined),
      10_000,
    );
    const first = workers.find((w) => w.supervisor.isSupervising)!;
    const second = workers.find((w) => w !== first)!;
    const handle = await second.provisionCluster({
      clusterKey: `${labels.rolloutId}/${labels.versionId}`,
      labels,
      cloud: { provider: 'LOCAL', region: 'local', zone: null, settings: {}, credentials: null },
      compute: null,
      imageUri: null,
      env: {},
      applications: [
        {
          name: 'app',
          routePrefix: '/',
          command: fixtureCommand(),
          healthCheck: { path: '/healthz', periodS: 0.1, timeoutS: 1 },
          deployments: [{ name: 'web', maxOngoingRequests: 5, resources: {} }],
        },
      ],
      targets: [{ application: 'app', deployment: 'web', target: { kind: 'static', replicas: 2 } }],
    });
    const ready = await eventually(async () => {
      const s = await second.describeCluster(handle);
      return s.healthy && s.deployments[0]!.readyReplicas === 2 ? s : undefined;
    }, 15_000);
    expect(second.supervisor.isSupervising).toBe(false);
    const rows = await db.localReplica.findMany({
      where: { providerClusterId: handle.providerClusterId },
      orderBy: { ordinal: 'asc' },
    });
    expect(rows.map((r) => r.state)).toEqual(['READY', 'READY']);
    expect(rows.every((r) => r.processStartTime !== null && r.pgid === r.pid)).toBe(true);

    await first.close(); // the supervising worker stops: its lock is released, its replicas stay
    await eventually(async () => (second.supervisor.isSupervising ? true : undefined), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const after = await second.describeCluster(handle);
    expect(after.deployments[0]!.replicas.map((r) => r.endpoint).sort()).toEqual(
      ready.deployments[0]!.replicas.map((r) => r.endpoint).sort(),
    );
    const again = await db.localReplica.findMany({
      where: { providerClusterId: handle.providerClusterId },
      orderBy: { ordinal: 'asc' },
    });
    expect(again.map((r) => [r.pid, r.restarts, r.state])).toEqual(
      rows.map((r) => [r.pid, 0, 'READY']),
    );
    expect([...liveGroupsOf(labels.serviceId).keys()].sort()).toEqual(
      rows.map((r) => r.pgid).sort(),
    );

    await second.terminateCluster(handle, 'term');
    await eventually(
      async () =>
        (await second.describeCluster(handle)).state === 'TERMINATED' ? true : undefined,
      15_000,
    );
    expect(liveGroupsOf(labels.serviceId).size).toBe(0);
  });
});
