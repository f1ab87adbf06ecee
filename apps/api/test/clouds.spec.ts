import { ApiHarness } from './harness';
import { aTenant, type Tenant } from './tenant-factory';
import { openCredentials } from '../src/clouds/cloud-credentials';

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
    expect(res.body).toEqual(expect.objectContaining({ name: 'aws-prod', provider: 'AWS', has_credentials: true, settings: { subnet_id: 'subnet-123' } }));
    expect(res.text).not.toContain(SECRET_KEY);

    const row = await api.db.cloud.findUniqueOrThrow({ where: { orgId_name: { orgId: t.orgId, name: 'aws-prod' } } });
    const stored = Buffer.from(row.credentialsEncrypted!);
    expect(stored.toString('latin1')).not.toContain(SECRET_KEY);
    expect(stored.length).toBeGreaterThan(12 + 16);
    expect(openCredentials(api.secretBox, t.orgId, 'aws-prod', stored)).toEqual({
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      secret_access_key: SECRET_KEY,
    });
    // Bound to its row: the same bytes do not open as another tenant's cloud.
    expect(() => openCredentials(api.secretBox, '00000000-0000-0000-0000-000000000000', 'aws-prod', stored)).toThrow('could not be decrypted');

    const got = await api.request('GET', '/v1/clouds/aws-prod', { token: t.tokens.VIEWER });
    expect(got.text).not.toContain(SECRET_KEY);
    expect(got.body).not.toHaveProperty('credentials');
    expect(api.logs.join('')).not.toContain(SECRET_KEY);
    const audit = await api.request('GET', '/v1/audit-log', { token: t.ownerToken });
    expect(audit.text).not.toContain(SECRET_KEY);
  });

  it('rotates credentials and validates them against the provider’s shape', async () => {
    const bad = await api.request('PATCH', '/v1/clouds/aws-prod', { token: t.ownerToken, body: { credentials: { service_account_json: '{}' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.path)).toEqual(expect.arrayContaining(['body.credentials.access_key_id']));

    const rotated = await api.request('PATCH', '/v1/clouds/aws-prod', {
      token: t.ownerToken,
      body: { credentials: { access_key_id: 'AKIAROTATEDKEY000001', secret_access_key: 'rotated-secret-value-1234' } },
    });
    expect(rotated.status).toBe(200);
    const row = await api.db.cloud.findUniqueOrThrow({ where: { orgId_name: { orgId: t.orgId, name: 'aws-prod' } } });
    expect(openCredentials(api.secretBox, t.orgId, 'aws-prod', row.credentialsEncrypted!)).toEqual({
      access_key_id: 'AKIAROTATEDKEY000001',
      secret_access_key: 'rotated-secret-value-1234',
    });
    const audit = await api.request('GET', '/v1/audit-log?limit=1', { token: t.ownerToken });
    expect(audit.body.data[0].action).toBe('cloud.credentials_rotate');
  });

  it('refuses a duplicate name and deleting a cloud in use', async () => {
    expect((await api.request('POST', '/v1/clouds', { token: t.ownerToken, body: { name: 'aws-prod', provider: 'LOCAL' } })).status).toBe(409);
    await api.request('POST', '/v1/compute-configs', { token: t.ownerToken, body: { name: 'gpu', cloud: 'aws-prod', head_node: { instance_type: 'm5.xlarge' } } });
    const res = await api.request('DELETE', '/v1/clouds/aws-prod', { token: t.ownerToken });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('1 compute config version');
  });
});
