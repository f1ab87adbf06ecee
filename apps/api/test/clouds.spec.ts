import { ApiHarness, DENIED_ACCESS_KEY_ID } from './harness';
import { aTenant, type Tenant } from './tenant-factory';
import { openCredentials } from '@switchyard/platform';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('clouds: credentials are write-only and encrypted at rest', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start({ LOG_LEVEL: 'trace' });
    t = await aTenant(api).create();
  });
  afterAll(() => api.close());

  it('stores AES-256-GCM ciphertext, returns has_credentials only, and never logs the secret', async () => {
    const res = await api.request('POST', '/v1/clouds', {
      token: t.tokens.ADMIN,
      body: {
        name: 'aws-prod',
        provider: 'AWS',
        region: 'us-east-1',
        settings: { subnet_id: 'subnet-123' },
        credentials: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: SECRET_KEY },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        name: 'aws-prod',
        provider: 'AWS',
        has_credentials: true,
        settings: { subnet_id: 'subnet-123' },
      }),
    );
    expect(res.text).not.toContain(SECRET_KEY);

    const row = await api.db.cloud.findUniqueOrThrow({
      where: { orgId_name: { orgId: t.orgId, name: 'aws-prod' } },
    });
    const stored = Buffer.from(row.credentialsEncrypted!);
    expect(stored.toString('latin1')).not.toContain(SECRET_KEY);
    expect(stored.length).toBeGreaterThan(12 + 16);
    expect(openCredentials(api.secretBox, t.orgId, 'aws-prod', stored)).toEqual({
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      secret_access_key: SECRET_KEY,
    });
    // Bound to its row: the same bytes do not open as another tenant's cloud.
    expect(() =>
      openCredentials(api.secretBox, '00000000-0000-0000-0000-000000000000', 'aws-prod', stored),
    ).toThrow('could not be decrypted');

    const got = await api.request('GET', '/v1/clouds/aws-prod', { token: t.tokens.VIEWER });
    expect(got.text).not.toContain(SECRET_KEY);
    expect(got.body).not.toHaveProperty('credentials');
    expect(api.logs.join('')).not.toContain(SECRET_KEY);
    const audit = await api.request('GET', '/v1/audit-log', { token: t.ownerToken });
    expect(audit.text).not.toContain(SECRET_KEY);
  });

  it('rotates credentials and validates them against the provider’s shape', async () => {
    const bad = await api.request('PATCH', '/v1/clouds/aws-prod', {
      token: t.ownerToken,
      body: { credentials: { service_account_json: '{}' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.path)).toEqual(
      expect.arrayContaining(['body.credentials.access_key_id']),
    );

    const rotated = await api.request('PATCH', '/v1/clouds/aws-prod', {
      token: t.ownerToken,
      body: {
        credentials: {
          access_key_id: 'AKIAROTATEDKEY000001',
          secret_access_key: 'rotated-secret-value-1234',
        },
      },
    });
    expect(rotated.status).toBe(200);
    const row = await api.db.cloud.findUniqueOrThrow({
      where: { orgId_name: { orgId: t.orgId, name: 'aws-prod' } },
    });
    expect(openCredentials(api.secretBox, t.orgId, 'aws-prod', row.credentialsEncrypted!)).toEqual({
      access_key_id: 'AKIAROTATEDKEY000001',
      secret_access_key: 'rotated-secret-value-1234',
    });
    const audit = await api.request('GET', '/v1/audit-log?limit=1', { token: t.ownerToken });
    expect(audit.body.data[0].action).toBe('cloud.credentials_rotate');
  });

  it('checks an AWS record against the cloud before saving it: refused credentials → 422 with the cloud’s reason, nothing stored', async () => {
    const before = await api.rowCounts();
    const denied = await api.request('POST', '/v1/clouds', {
      token: t.ownerToken,
      body: {
        name: 'aws-denied',
        provider: 'AWS',
        region: 'eu-west-1',
        credentials: { access_key_id: DENIED_ACCESS_KEY_ID, secret_access_key: SECRET_KEY },
      },
    });
    expect(denied.status).toBe(422);
    expect(denied.body.error.message).toContain('UnauthorizedOperation');
    expect(denied.body.error.fields).toEqual([
      { path: 'body.credentials', message: expect.stringContaining('ec2:RunInstances') },
    ]);
    expect(await api.rowCounts()).toEqual(before);
    expect(api.cloudChecks.at(-1)).toMatchObject({
      provider: 'AWS',
      region: 'eu-west-1',
      credentials: { access_key_id: DENIED_ACCESS_KEY_ID },
    });

    // A rotation to refused credentials keeps the working ones; a region change is checked with the stored credentials.
    const rotation = await api.request('PATCH', '/v1/clouds/aws-prod', {
      token: t.ownerToken,
      body: { credentials: { access_key_id: DENIED_ACCESS_KEY_ID, secret_access_key: SECRET_KEY } },
    });
    expect(rotation.status).toBe(422);
    const row = await api.db.cloud.findUniqueOrThrow({
      where: { orgId_name: { orgId: t.orgId, name: 'aws-prod' } },
    });
    expect(
      (
        openCredentials(api.secretBox, t.orgId, 'aws-prod', row.credentialsEncrypted!) as {
          access_key_id: string;
        }
      ).access_key_id,
    ).not.toBe(DENIED_ACCESS_KEY_ID);
    expect(
      (
        await api.request('PATCH', '/v1/clouds/aws-prod', {
          token: t.ownerToken,
          body: { region: 'us-west-2' },
        })
      ).status,
    ).toBe(200);
    expect(api.cloudChecks.at(-1)).toMatchObject({
      region: 'us-west-2',
      credentials: { access_key_id: 'AKIAROTATEDKEY000001' },
    });
  });

  it('compute configs on an AWS cloud may only name types its adapter launches; the catalog is served', async () => {
    const bad = await api.request('POST', '/v1/compute-configs', {
      token: t.ownerToken,
      body: {
        name: 'typo',
        cloud: 'aws-prod',
        head_node: { instance_type: 'm6i.xlarge' },
        worker_groups: [
          { name: 'g', instance_type: 'g5.xlarge2', gpu_type: 'A10G', gpu_count: 1, max_nodes: 2 },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      {
        path: 'body.worker_groups[0].instance_type',
        message: expect.stringContaining('g5.xlarge'),
      },
    ]);
    expect(await api.db.computeConfig.count({ where: { orgId: t.orgId, name: 'typo' } })).toBe(0);

    const catalog = await api.request('GET', '/v1/instance-types?provider=AWS', {
      token: t.tokens.VIEWER,
    });
    expect(catalog.status).toBe(200);
    expect(catalog.body.data).toContainEqual({
      provider: 'AWS',
      name: 'g5.xlarge',
      family: 'g5',
      vcpus: 4,
      memory_gib: 16,
      gpus: { type: 'A10G', count: 1, memory_gib: 24 },
      attachable_gpus: null,
    });
    const gcp = await api.request('GET', '/v1/instance-types?provider=GCP', {
      token: t.tokens.VIEWER,
    });
    expect(gcp.body.data.find((x: any) => x.name === 'n1-standard-8').attachable_gpus).toEqual({
      type: 'T4',
      counts: [1, 2, 4],
      memory_gib: 16,
    });
  });

  it('refuses a duplicate name and deleting a cloud in use', async () => {
    expect(
      (
        await api.request('POST', '/v1/clouds', {
          token: t.ownerToken,
          body: { name: 'aws-prod', provider: 'LOCAL' },
        })
      ).status,
    ).toBe(409);
    await api.request('POST', '/v1/compute-configs', {
      token: t.ownerToken,
      body: { name: 'gpu', cloud: 'aws-prod', head_node: { instance_type: 'm6i.xlarge' } },
    });
    const res = await api.request('DELETE', '/v1/clouds/aws-prod', { token: t.ownerToken });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('1 compute config version');
  });
});
