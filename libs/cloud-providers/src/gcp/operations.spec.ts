/** describe / find / scale / terminate through the real client: the requests and what they report. */
import type { ClusterHandle } from '../port';
import { clusterIdOf, deterministicUuid } from '../vm/naming';
import {
  gcpClusterSpec,
  gcpTestbed,
  T0,
  ZONE_PATH,
  type GcpTestbed,
  preloadCompute,
  PRELOAD_TIMEOUT_MS,
} from './testing/fixtures';

const clusterId = clusterIdOf('ro-1/ver-1');
const handle: ClusterHandle = { providerClusterId: clusterId };
const web = (replicas: number) => [
  { application: 'shop', deployment: 'web', target: { kind: 'static' as const, replicas } },
];

beforeAll(preloadCompute, PRELOAD_TIMEOUT_MS);

describe('gcp: describe and adopt', () => {
  let bed: GcpTestbed;
  beforeEach(async () => {
    bed = await gcpTestbed({ server: { bootMs: 20_000 } });
    await bed.provider.provisionCluster(
      gcpClusterSpec({ labels: { ...gcpClusterSpec().labels, serviceName: 'Shop.API' } }),
    );
    bed.server.requests.length = 0;
  });
  afterEach(() => bed.stop());

  it('lists the cluster by its label; nodes, endpoints and readiness come from the instances', async () => {
    expect((await bed.provider.describeCluster(handle)).state).toBe('PROVISIONING');
    expect(bed.requests('GET', '/instances').map((r) => r.query)).toEqual([
      { filter: `(labels.switchyard-cluster = "${clusterId}")` },
    ]);
    bed.advance(20_000);
    const status = await bed.provider.describeCluster(handle);
    expect(status.state).toBe('RUNNING');
    expect(
      status.nodes.map((n) => [
        n.role,
        n.instanceType,
        n.gpuType,
        n.gpuCount,
        n.state,
        n.startedAt,
      ]),
    ).toEqual([
      ['HEAD', 'e2-standard-2', null, 0, 'RUNNING', T0 + 20_000],
      ['WORKER', 'n1-standard-8', 'T4', 2, 'RUNNING', T0 + 20_000],
      ['WORKER', 'n2-standard-4', null, 0, 'RUNNING', T0 + 20_000],
      ['WORKER', 'n2-standard-4', null, 0, 'RUNNING', T0 + 20_000],
    ]);
    const endpoints = status.deployments.flatMap((d) => d.replicas.map((r) => r.endpoint));
    const ips = bed.server
      .live()
      .filter((i) => i.labels['switchyard-role'] === 'worker')
      .map((i) => `http://${i.networkInterfaces[0].networkIP}:8000`);
    expect(endpoints.sort()).toEqual(ips.sort());
    expect(status.healthy).toBe(true);
  });

  it('findClusters filters head nodes by sanitised label values and checks the exact ones from metadata', async () => {
    const found = await bed.provider.findClusters({ serviceName: 'Shop.API' });
    expect(bed.requests('GET', '/instances').at(-1)!.query).toEqual({
      filter: '(labels.switchyard-role = "head") AND (labels.switchyard-service-name = "shop_api")',
    });
    expect(found.map((f) => [f.handle.providerClusterId, f.labels.serviceName, f.state])).toEqual([
      [clusterId, 'Shop.API', 'PROVISIONING'],
    ]);
    expect(await bed.provider.findClusters({ serviceName: 'shop_api' })).toEqual([]); // same label value, other name
  });
});

describe('gcp: scaling and termination', () => {
  let bed: GcpTestbed;
  beforeEach(async () => {
    bed = await gcpTestbed();
    await bed.provider.provisionCluster(gcpClusterSpec());
    bed.server.requests.length = 0;
  });
  afterEach(() => bed.stop());

  it('scale-down labels the drained nodes under their label fingerprint, and deletes them after the drain period', async () => {
    await bed.provider.setCapacity(handle, web(1), 'k-down');
    const [setLabels] = bed.requests('POST', '/setLabels');
    expect(setLabels!.body).toEqual({
      labelFingerprint: 'lf1',
      labels: expect.objectContaining({
        'switchyard-draining-since': String(T0),
        'switchyard-cluster': clusterId,
      }),
    });
    const victim = setLabels!.path.split('/').at(-2)!;
    expect(bed.requests('DELETE')).toEqual([]);
    bed.advance(30_000);
    await bed.provider.describeCluster(handle);
    expect(bed.requests('DELETE').map((r) => [r.path, r.query])).toEqual([
      [`${ZONE_PATH}/instances/${victim}`, { requestId: deterministicUuid(`delete/${victim}`) }],
    ]);
  });

  it('a stale metadata fingerprint (412 conditionNotMet) is read again and retried', async () => {
    bed.server.failNext((r) => r.path.endsWith('/setMetadata'), {
      http: 412,
      reason: 'conditionNotMet',
      message: 'Supplied fingerprint does not match current metadata fingerprint.',
    });
    await bed.provider.setCapacity(handle, web(3), 'k-up');
    expect(bed.requests('POST', '/setMetadata')).toHaveLength(2);
    expect(bed.sleeps.at(-1)).toBe(500);
    expect(
      (await bed.provider.describeCluster(handle)).deployments.find((d) => d.deployment === 'web')!
        .desiredReplicas,
    ).toBe(3);
  });

  it('terminateCluster deletes the workers, then the head; once GCP forgot them a replay is a no-op', async () => {
    await bed.provider.terminateCluster(handle, 'k-term');
    const deletes = bed.requests('DELETE').map((r) => r.path.split('/').at(-1));
    expect(deletes).toHaveLength(4);
    expect(deletes.at(-1)).toBe(`${clusterId}-head`);
    expect(bed.server.live()).toEqual([]);
    await bed.provider.terminateCluster(handle, 'k-term');
    expect(bed.requests('DELETE')).toHaveLength(4);
    await expect(bed.provider.describeCluster(handle)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('a deletion still running after deleteWaitMs is left to GCP: the node is reported stopped meanwhile', async () => {
    await bed.stop();
    bed = await gcpTestbed({
      server: { operationMs: 60_000, deleteMs: 60_000 },
      provider: { deleteWaitMs: 5_000, operationWaitMs: 120_000 },
    });
    await bed.provider.provisionCluster(gcpClusterSpec());
    await bed.provider.terminateCluster(handle, 'k-term');
    const status = await bed.provider.describeCluster(handle);
    expect(status.state).toBe('TERMINATED');
    expect(status.nodes.every((n) => n.state === 'STOPPED' && n.stoppedAt !== null)).toBe(true);
  });
});
