/**
 * The provider conformance suite against the GCP adapter: the real @google-cloud/compute client
 * (REST) talking to a loopback fake Compute Engine (testing/fake-compute-server.ts) on a fake clock.
 */
import { describeProviderConformance } from '../conformance';
import type { ClusterSpec } from '../port';
import { createGcpProvider } from './provider';
import { FakeComputeServer } from './testing/fake-compute-server';
import { GCP_TEST_CLOUD, preloadCompute, PRELOAD_TIMEOUT_MS } from './testing/fixtures';
import { loopbackClientOptions } from './testing/loopback-client';

beforeAll(preloadCompute, PRELOAD_TIMEOUT_MS);

function gcpSpec(spec: ClusterSpec): ClusterSpec {
  return {
    ...spec,
    cloud: GCP_TEST_CLOUD,
    imageUri: 'us-docker.pkg.dev/acme-ml/serve/conformance:1',
    compute: {
      headNode: { instanceType: 'e2-standard-2' },
      workerGroups: [
        {
          name: 'cpu',
          instanceType: 'n2-standard-4',
          gpuType: null,
          gpuCount: 0,
          minNodes: 0,
          maxNodes: 10,
        },
        {
          name: 'gpu',
          instanceType: 'n1-standard-8',
          gpuType: 'T4',
          gpuCount: 1,
          minNodes: 0,
          maxNodes: 6,
        },
      ],
    },
    applications: spec.applications.map((a) => ({
      ...a,
      deployments: a.deployments.map((d) =>
        d.name === 'model' ? { ...d, resources: { ...d.resources, gpus: 1 } } : d,
      ),
    })),
  };
}

function harness(timing: {
  bootMs: number;
  deleteMs: number;
  operationMs: number;
  drainMs: number;
}) {
  return async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const advance = (ms: number) => {
      now += ms;
    };
    const server = await new FakeComputeServer({
      clock,
      bootMs: timing.bootMs,
      deleteMs: timing.deleteMs,
      operationMs: timing.operationMs,
    }).start();
    const provider = createGcpProvider({
      cloud: GCP_TEST_CLOUD,
      clock,
      sleep: async (ms) => advance(ms),
      probe: server.probe,
      drainMs: timing.drainMs,
      clientOptions: loopbackClientOptions(server.port),
    });
    return {
      provider,
      advance,
      adaptSpec: gcpSpec,
      injectCapacityError: () =>
        server.failNext(
          (r) =>
            r.method === 'POST' &&
            r.path.endsWith('/instances') &&
            r.body?.machineType?.endsWith('n1-standard-8'),
          { operationError: 'ZONE_RESOURCE_POOL_EXHAUSTED' },
          10,
        ),
      cleanup: () => server.stop(),
    };
  };
}

const options = { terminatedClustersMayVanish: true, capacityFaults: true, testTimeoutMs: 20_000 };
describeProviderConformance(
  'gcp (loopback Compute Engine), instant',
  harness({ bootMs: 0, deleteMs: 0, operationMs: 0, drainMs: 0 }),
  options,
);
describeProviderConformance(
  'gcp (loopback Compute Engine), 20 s boot, 3 s operations, 10 s drain',
  harness({ bootMs: 20_000, deleteMs: 5_000, operationMs: 3_000, drainMs: 10_000 }),
  options,
);
