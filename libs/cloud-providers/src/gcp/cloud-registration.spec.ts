/** The cloud record (service-account key, project, zone, network) and validateGcpCloud. */
import type { CloudSpec } from '../port';
import { parseGcpCloud } from './cloud-config';
import { FakeComputeServer } from './testing/fake-compute-server';
import {
  GCP_TEST_CLOUD,
  GCP_TEST_KEY,
  T0,
  preloadCompute,
  PRELOAD_TIMEOUT_MS,
} from './testing/fixtures';
import { loopbackClientOptions } from './testing/loopback-client';
import { validateGcpCloud } from './validate';

beforeAll(preloadCompute, PRELOAD_TIMEOUT_MS);

describe('parseGcpCloud', () => {
  it("reads the key, the project (settings first, else the key's), the zone and the network paths", () => {
    expect(parseGcpCloud(GCP_TEST_CLOUD)).toEqual({
      projectId: 'acme-ml',
      region: 'us-central1',
      zone: 'us-central1-a',
      clientEmail: 'switchyard@acme-ml.iam.gserviceaccount.com',
      privateKey: expect.stringContaining('PRIVATE KEY'),
      network: 'global/networks/ml-vpc',
      subnetwork: 'regions/us-central1/subnetworks/ml-subnet',
      nodeServiceAccount: 'nodes@acme-ml.iam.gserviceaccount.com',
    });
    expect(parseGcpCloud({ ...GCP_TEST_CLOUD, settings: { project_id: 'other' } })).toMatchObject({
      projectId: 'other',
      network: 'global/networks/default',
      subnetwork: null,
      nodeServiceAccount: null,
    });
  });

  it.each<[string, Partial<CloudSpec>, string]>([
    ['no zone', { zone: null }, 'a GCP cloud needs a zone'],
    [
      'a zone of another region',
      { zone: 'europe-west4-a' },
      'zone europe-west4-a is not in region us-central1',
    ],
    ['a key that is not JSON', { credentials: { service_account_json: 'hello' } }, 'is not JSON'],
    [
      'a user key instead of a service account',
      { credentials: { service_account_json: JSON.stringify({ type: 'authorized_user' }) } },
      'credentials.service_account_json: type',
    ],
    [
      'no project anywhere',
      {
        credentials: {
          service_account_json: JSON.stringify({
            ...JSON.parse(GCP_TEST_KEY),
            project_id: undefined,
          }),
        },
        settings: {},
      },
      'settings.project_id',
    ],
  ])('refuses %s', (_what, patch, fragment) => {
    expect(() => parseGcpCloud({ ...GCP_TEST_CLOUD, ...patch })).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining(fragment),
      }),
    );
  });
});

describe('validateGcpCloud', () => {
  let server: FakeComputeServer;
  const deps = () => ({
    clock: () => T0,
    sleep: async () => undefined,
    clientOptions: loopbackClientOptions(server.port),
  });
  beforeEach(async () => {
    server = await new FakeComputeServer({ clock: () => T0 }).start();
  });
  afterEach(() => server.stop());

  it('ok: lists instances (one) in the zone and reads the zone; creates nothing', async () => {
    expect(await validateGcpCloud(GCP_TEST_CLOUD, deps())).toEqual({ ok: true });
    expect(server.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      [
        'GET',
        '/compute/v1/projects/acme-ml/zones/us-central1-a/instances',
        { maxResults: '1', filter: 'labels.switchyard-role = "head"' },
      ],
      ['GET', '/compute/v1/projects/acme-ml/zones/us-central1-a', {}],
    ]);
  });

  it.each([
    [
      {
        http: 403,
        reason: 'forbidden',
        message: "Required 'compute.instances.list' permission for 'projects/acme-ml'",
      },
      'permission',
      'may not call instances.list',
    ],
    [
      {
        http: 403,
        reason: 'accessNotConfigured',
        errorInfo: true,
        message:
          'Compute Engine API has not been used in project acme-ml before or it is disabled.',
      },
      'permission',
      'enable the Compute Engine API',
    ],
    [
      {
        http: 404,
        reason: 'notFound',
        message: "The resource 'projects/acme-ml/zones/us-central1-a' was not found",
      },
      'not_found',
      'was not found',
    ],
  ] as const)('%j → %s', async (fault, kind, fragment) => {
    server.failNext(() => true, fault);
    const result = await validateGcpCloud(GCP_TEST_CLOUD, deps());
    expect(result).toMatchObject({ ok: false, kind });
    expect(result.ok === false && result.message).toContain(fragment);
  });

  it('a malformed record is refused before anything is sent', async () => {
    expect(await validateGcpCloud({ ...GCP_TEST_CLOUD, zone: null }, deps())).toMatchObject({
      ok: false,
      kind: 'invalid_request',
    });
    expect(server.requests).toEqual([]);
  });
});
