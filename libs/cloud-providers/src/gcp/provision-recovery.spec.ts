/** provisionCluster through the real client: replays, names already taken, capacity/quota/permission errors, rate limits. */
import { ProviderError } from '../port';
import { clusterIdOf } from '../vm/naming';
import { createGcpProvider } from './provider';
import { loopbackClientOptions } from './testing/loopback-client';
import {
  GCP_TEST_CLOUD,
  gcpClusterSpec,
  gcpTestbed,
  ZONE_PATH,
  type GcpTestbed,
  preloadCompute,
  PRELOAD_TIMEOUT_MS,
} from './testing/fixtures';

const clusterId = clusterIdOf('ro-1/ver-1');
const inserts = (bed: GcpTestbed) => bed.requests('POST', `${ZONE_PATH}/instances`);

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const outcome = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(ProviderError);
  return outcome as ProviderError;
}

beforeAll(preloadCompute, PRELOAD_TIMEOUT_MS);

describe('gcp provisionCluster: idempotency and failures', () => {
  let bed: GcpTestbed;
  beforeEach(async () => {
    bed = await gcpTestbed();
  });
  afterEach(() => bed.stop());

  it('a replayed provisioning inserts nothing', async () => {
    await bed.provider.provisionCluster(gcpClusterSpec());
    const before = inserts(bed).length;
    await bed.provider.provisionCluster(gcpClusterSpec());
    expect(inserts(bed)).toHaveLength(before);
  });

  it('two workers provisioning the same cluster at once create each node once (requestId, then the name)', async () => {
    const other = createGcpProvider({
      cloud: GCP_TEST_CLOUD,
      clock: bed.now,
      sleep: async () => undefined,
      probe: bed.server.probe,
      clientOptions: loopbackClientOptions(bed.server.port),
    });
    const [a, b] = await Promise.all([
      bed.provider.provisionCluster(gcpClusterSpec()),
      other.provisionCluster(gcpClusterSpec()),
    ]);
    expect(a).toEqual(b);
    expect(bed.server.live()).toHaveLength(4);
  });

  it('past the requestId window, a name already taken (409 alreadyExists) counts as launched', async () => {
    await bed.stop();
    bed = await gcpTestbed({ server: { requestIdMemoryMs: 0 } });
    const other = createGcpProvider({
      cloud: GCP_TEST_CLOUD,
      clock: bed.now,
      sleep: async () => undefined,
      probe: bed.server.probe,
      clientOptions: loopbackClientOptions(bed.server.port),
    });
    await Promise.all([
      bed.provider.provisionCluster(gcpClusterSpec()),
      other.provisionCluster(gcpClusterSpec()),
    ]);
    expect(bed.requests('POST', '/instances').length).toBeGreaterThan(4); // both inserted the same names
    expect(bed.server.live()).toHaveLength(4);
  });

  it('ZONE_RESOURCE_POOL_EXHAUSTED: a non-retryable capacity error that says what to do, and the head deleted', async () => {
    bed.server.failNext((r) => r.body?.machineType?.endsWith('n1-standard-8'), {
      operationError: 'ZONE_RESOURCE_POOL_EXHAUSTED',
      message:
        "The zone 'projects/acme-ml/zones/us-central1-a' does not have enough resources available to fulfill the request.",
    });
    const err = await failure(bed.provider.provisionCluster(gcpClusterSpec()));
    expect({ kind: err.kind, retryable: err.retryable }).toEqual({
      kind: 'capacity',
      retryable: false,
    });
    expect(err.message).toContain(
      'GCP instances.insert failed with ZONE_RESOURCE_POOL_EXHAUSTED: The zone',
    );
    expect(err.message).toContain(
      'GCP has no n1-standard-8 with T4 capacity in us-central1-a right now',
    );
    expect(bed.requests('DELETE').map((r) => r.path)).toEqual([
      `${ZONE_PATH}/instances/${clusterId}-head`,
    ]);
    expect(bed.server.live()).toEqual([]);
  });

  it.each([
    [
      {
        http: 403,
        reason: 'quotaExceeded',
        message: "Quota 'NVIDIA_T4_GPUS' exceeded.  Limit: 0.0 in region us-central1.",
      },
      'quota',
      'IAM & Admin → Quotas',
    ],
    [
      {
        operationError: 'QUOTA_EXCEEDED',
        message: "Quota 'GPUS_ALL_REGIONS' exceeded.  Limit: 0.0 globally.",
      },
      'quota',
      'GPUS_ALL_REGIONS',
    ],
    [
      {
        http: 403,
        reason: 'forbidden',
        message:
          "Required 'compute.instances.create' permission for 'projects/acme-ml/zones/us-central1-a/instances/x'",
      },
      'permission',
      'grant the roles listed in libs/cloud-providers/README.md',
    ],
    [
      {
        http: 404,
        reason: 'notFound',
        message: "The resource 'projects/acme-ml/global/networks/ml-vpc' was not found",
      },
      'invalid_request',
      'network and subnetwork settings',
    ],
  ] as const)('insert failing with %j → %s', async (fault, kind, fragment) => {
    bed.server.failNext((r) => r.method === 'POST' && r.path.endsWith('/instances'), fault);
    const err = await failure(bed.provider.provisionCluster(gcpClusterSpec()));
    expect({ kind: err.kind, retryable: err.retryable }).toEqual({ kind, retryable: false });
    expect(err.message).toContain(fragment);
  });

  it('rate limits are retried with backoff on the injected clock', async () => {
    bed.server.failNext(
      (r) => r.method === 'GET' && r.path.endsWith('/instances'),
      { http: 429, reason: 'rateLimitExceeded' },
      2,
    );
    await bed.provider.provisionCluster(gcpClusterSpec());
    expect(bed.sleeps.slice(0, 2)).toEqual([500, 1_000]);
  });
});
