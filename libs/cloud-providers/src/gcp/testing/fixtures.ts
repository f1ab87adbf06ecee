/** A test bed for the GCP adapter: fake clock, recorded sleeps, the loopback Compute Engine and a provider over it. */
import type { ClusterSpec, CloudProvider } from '../../port';
import { loadCompute } from '../compute-api';
import { createGcpProvider, type GcpProviderOptions } from '../provider';
import {
  FakeComputeServer,
  type FakeComputeOptions,
  type JsonBody,
  type RecordedRequest,
} from './fake-compute-server';
import { loopbackClientOptions } from './loopback-client';

export const GCP_TEST_KEY = JSON.stringify({
  type: 'service_account',
  project_id: 'acme-ml',
  client_email: 'switchyard@acme-ml.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIE…not-a-real-key…\n-----END PRIVATE KEY-----\n',
});

export const GCP_TEST_CLOUD = {
  provider: 'GCP' as const,
  region: 'us-central1',
  zone: 'us-central1-a',
  settings: {
    network: 'ml-vpc',
    subnetwork: 'ml-subnet',
    service_account_email: 'nodes@acme-ml.iam.gserviceaccount.com',
  },
  credentials: { service_account_json: GCP_TEST_KEY },
};

export const T0 = Date.parse('2026-11-22T10:00:00Z');

/**
 * @google-cloud/compute takes seconds to load (lazily, on the first call): spec files load it in
 * `beforeAll(preloadCompute, …)` so that no single test pays for it against its timeout.
 */
export async function preloadCompute(): Promise<void> {
  const sdk = await loadCompute();
  // The first client of a kind parses its protos (seconds on a busy machine); later ones reuse them.
  const options = loopbackClientOptions(1);
  await Promise.all([
    new sdk.InstancesClient(options).close(),
    new sdk.ZoneOperationsClient(options).close(),
    new sdk.ZonesClient(options).close(),
  ]);
}
export const PRELOAD_TIMEOUT_MS = 60_000;
export const ZONE_PATH = '/compute/v1/projects/acme-ml/zones/us-central1-a';

export function gcpClusterSpec(patch: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    clusterKey: 'ro-1/ver-1',
    labels: {
      orgId: 'org-1',
      projectId: 'prj-1',
      serviceId: 'svc-1',
      serviceName: 'shop',
      versionId: 'ver-1',
      versionName: 'v1',
      rolloutId: 'ro-1',
    },
    cloud: GCP_TEST_CLOUD,
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
          gpuCount: 2,
          minNodes: 0,
          maxNodes: 4,
        },
      ],
    },
    imageUri: 'us-docker.pkg.dev/acme-ml/serve/shop:1.4.2',
    env: { MODEL_NAME: 'llama' },
    applications: [
      {
        name: 'shop',
        routePrefix: '/',
        healthCheck: { path: '/healthz', periodS: 5, timeoutS: 2 },
        deployments: [
          { name: 'web', maxOngoingRequests: 10, resources: { cpus: 1 } },
          { name: 'model', maxOngoingRequests: 2, resources: { gpus: 2 } },
        ],
      },
    ],
    targets: [
      { application: 'shop', deployment: 'web', target: { kind: 'static', replicas: 2 } },
      { application: 'shop', deployment: 'model', target: { kind: 'static', replicas: 1 } },
    ],
    ...patch,
  };
}

export interface GcpTestbed {
  server: FakeComputeServer;
  provider: CloudProvider;
  now(): number;
  advance(ms: number): void;
  sleeps: number[];
  /** Recorded requests, optionally only those matching. */
  requests(method?: string, pathEnd?: string | RegExp): RecordedRequest[];
  stop(): Promise<void>;
}

export async function gcpTestbed(
  options: { server?: Partial<FakeComputeOptions>; provider?: Partial<GcpProviderOptions> } = {},
): Promise<GcpTestbed> {
  let now = T0;
  const sleeps: number[] = [];
  const clock = () => now;
  const server = await new FakeComputeServer({ clock, ...options.server }).start();
  const provider = createGcpProvider({
    cloud: GCP_TEST_CLOUD,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    probe: server.probe,
    drainMs: 30_000,
    clientOptions: loopbackClientOptions(server.port),
    ...options.provider,
  });
  return {
    server,
    provider,
    now: clock,
    advance: (ms) => {
      now += ms;
    },
    sleeps,
    requests: (method, pathEnd) =>
      server.requests.filter(
        (r) =>
          (!method || r.method === method) &&
          (!pathEnd ||
            (typeof pathEnd === 'string' ? r.path.endsWith(pathEnd) : pathEnd.test(r.path))),
      ),
    stop: () => server.stop(),
  };
}

export const metadataOf = (body: JsonBody, key: string): string | undefined =>
  body?.metadata?.items?.find((i: { key: string }) => i.key === key)?.value;
