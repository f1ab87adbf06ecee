import { ApiHarness, ADMIN_TOKEN } from './harness';
import { routeRequests } from './route-requests';
import { aTenant, expectOk, type Tenant } from './tenant-factory';
import { serviceWithCanaryRollout } from './service-fixtures';
import { billingRows } from './billing/billing-rows';

type Operation = { method: string; path: string; operationId: string; access: string };

/**
 * Walks every operation in the served OpenAPI document with tenant B's owner token, aimed at
 * tenant A's resources. A route with path parameters must answer 404 (never 403, which would
 * confirm the resource exists); a route without them acts on B's own data and must show none
 * of A's; platform routes answer 401; nothing of A's changes.
 */
describe('tenant isolation: every route, another tenant’s token', () => {
  let api: ApiHarness;
  let a: Tenant;
  let b: Tenant;
  let operations: Operation[];
  let aIds: string[];
  let aService: { name: string; rolloutId: string; serviceId: string };
  let aInvoiceId: string;
  let aInviteId: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    a = await aTenant(api).withProject('web').withCloud('local').withComputeConfig('cpu', 'local').create();
    b = await aTenant(api).withProject('mine').withCloud('mine').withComputeConfig('mine', 'mine').create();
    const doc = (await api.request('GET', '/openapi.json')).body;
    operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId, access: op['x-switchyard-access'] })),
    );
    aService = await serviceWithCanaryRollout(api, a, 'web', 'checkout');
    aInvoiceId = (await billingRows(api.db, a.orgId).invoice('2026-10', 'CLOSED').create()).invoices[0]!.id;
    aInviteId = (await expectOk(api.request('POST', '/v1/invites', { token: a.ownerToken, body: { email: 'invitee@a.test', role: 'VIEWER' } }))).id;
    const aTokens = await expectOk(api.request('GET', '/v1/tokens?limit=100', { token: a.ownerToken }));
    const aProject = await expectOk(api.request('GET', '/v1/projects/web', { token: a.ownerToken }));
    const aCloud = await expectOk(api.request('GET', '/v1/clouds/local', { token: a.ownerToken }));
    const aConfig = await expectOk(api.request('GET', '/v1/compute-configs/cpu', { token: a.ownerToken }));
    aIds = [a.orgId, aProject.id, aCloud.id, aConfig.id, aService.serviceId, aService.rolloutId, aInvoiceId, aInviteId, ...Object.values(a.userIds), ...aTokens.data.map((t: any) => t.id)];
  });
  afterAll(() => api.close());

  /** A's identifiers for each path parameter. */
  async function aPath(op: Operation): Promise<string> {
    const aTokens = await expectOk(api.request('GET', '/v1/tokens?limit=100', { token: a.ownerToken }));
    const values: Record<string, string> = {
      project: 'web',
      cloud: 'local',
      compute_config: 'cpu',
      version: '1',
      token_id: aTokens.data[0].id,
      user_id: a.userIds.ADMIN,
      service: aService.name,
      rollout_id: aService.rolloutId,
      invoice: aInvoiceId,
      invite_id: aInviteId,
    };
    return op.path.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
      if (!(name in values)) throw new Error(`no tenant-A value for path parameter {${name}} of ${op.operationId}`);
      return values[name]!;
    });
  }

  it('answers every operation as isolation requires', async () => {
    expect(operations.length).toBeGreaterThan(20);
    const before = await snapshotOfA();
    const seen: string[] = [];
    for (const op of operations) {
      seen.push(op.operationId);
      if (op.access === 'public') {
        const res = await api.request(op.method, op.path, { token: b.ownerToken });
        // Public reads (health, readiness) answer; public mutations (sign-in, sign-out, invite
        // acceptance) act only on the credentials in their body: without one, 400 or nothing (204).
        const expected = op.method === 'GET' ? [200] : [204, 400];
        expect([op.operationId, expected.includes(res.status)]).toEqual([op.operationId, true]);
        continue;
      }
      if (op.access === 'platform-admin') {
        const res = await api.request(op.method, op.path, { token: b.ownerToken, body: { name: 'x', owner_email: 'x@x.test' } });
        expect([op.operationId, res.status]).toEqual([op.operationId, 401]);
        continue;
      }
      const built = await routeRequests[op.operationId]!(api, b, 'OWNER');
      if (op.path.includes('{')) {
        // B's valid request body, aimed at A's resource.
        const res = await api.request(op.method, await aPath(op), { token: b.ownerToken, body: built.body });
        expect([op.operationId, res.status, res.body?.error?.code]).toEqual([op.operationId, 404, 'not_found']);
      } else if (op.method === 'GET') {
        const res = await api.request(op.method, op.path, { token: b.ownerToken });
        expect([op.operationId, res.status]).toEqual([op.operationId, 200]);
        for (const id of aIds) expect([op.operationId, res.text.includes(id)]).toEqual([op.operationId, false]);
      } else {
        // Creates act on B's own organization; they succeed there and never reach A.
        const res = await api.request(op.method, op.path, { token: b.ownerToken, body: built.body });
        expect([op.operationId, res.status < 300]).toEqual([op.operationId, true]);
      }
    }
    expect(seen).toContain('getProject');
    expect(await snapshotOfA()).toEqual(before);
  });

  it('refuses body references to another tenant’s resources with 404', async () => {
    const config = await api.request('POST', '/v1/compute-configs', {
      token: b.ownerToken,
      body: { name: 'steal', cloud: 'local', head_node: { instance_type: 'local' } },
    });
    expect(config.status).toBe(404);
    expect(config.body.error.fields[0].path).toBe('body.cloud');
    const token = await api.request('POST', '/v1/tokens', {
      token: b.ownerToken,
      body: { name: 'steal', scopes: ['READ'], user_id: a.userIds.ADMIN },
    });
    expect(token.status).toBe(404);
    const scoped = await api.request('POST', '/v1/tokens', { token: b.ownerToken, body: { name: 'steal', scopes: ['READ'], project: 'web' } });
    expect(scoped.status).toBe(404);
  });

  it('the platform route refuses tenant tokens and accepts only the admin token', async () => {
    const body = { name: 'Another Org', owner_email: 'x@another.test' };
    expect((await api.request('POST', '/v1/admin/organizations', { token: a.ownerToken, body })).status).toBe(401);
    expect((await api.request('POST', '/v1/admin/organizations', { token: ADMIN_TOKEN, body })).status).toBe(201);
  });

  async function snapshotOfA() {
    const db = api.db;
    const where = { orgId: a.orgId };
    return {
      org: await db.organization.findUnique({ where: { id: a.orgId } }),
      members: await db.membership.findMany({ where, orderBy: { userId: 'asc' } }),
      projects: await db.project.findMany({ where, orderBy: { id: 'asc' } }),
      tokens: await db.apiToken.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, revokedAt: true, scopes: true } }),
      clouds: await db.cloud.findMany({ where, orderBy: { id: 'asc' } }),
      configs: await db.computeConfig.findMany({ where, orderBy: { id: 'asc' } }),
      services: await db.service.findMany({ where, orderBy: { id: 'asc' } }),
      versions: await db.serviceVersion.findMany({ where, orderBy: { id: 'asc' } }),
      rollouts: await db.rollout.findMany({ where, orderBy: { id: 'asc' } }),
      commands: await db.rolloutCommand.count({ where }),
      audit: await db.auditLog.count({ where }),
      invites: await db.invite.findMany({ where, orderBy: { id: 'asc' } }),
    };
  }
});
