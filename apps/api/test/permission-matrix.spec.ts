import { allRoutes, ROLES, type Role, type RouteDef } from '@switchyard/contracts';
import { ApiHarness } from './harness';
import { routeRequests } from './route-requests';
import { aTenant, tokenFor, type Tenant } from './tenant-factory';

/**
 * The permission matrix as documented in the README, written out independently of the code's
 * PERMISSIONS table: the lowest role that may call each route (with a token holding every
 * scope that role can hold). Every cell is checked over HTTP below.
 */
const LOWEST_ROLE: Record<string, Role> = {
  me: 'VIEWER',
  getOrganization: 'VIEWER',
  updateOrganization: 'OWNER',
  listMembers: 'VIEWER',
  addMember: 'ADMIN',
  changeMemberRole: 'ADMIN',
  removeMember: 'ADMIN',
  listProjects: 'VIEWER',
  createProject: 'ADMIN',
  getProject: 'VIEWER',
  updateProject: 'ADMIN',
  deleteProject: 'ADMIN',
  listTokens: 'VIEWER',
  createToken: 'VIEWER',
  revokeToken: 'VIEWER',
  listClouds: 'VIEWER',
  createCloud: 'ADMIN',
  getCloud: 'VIEWER',
  updateCloud: 'ADMIN',
  deleteCloud: 'ADMIN',
  listComputeConfigs: 'VIEWER',
  createComputeConfig: 'ADMIN',
  getComputeConfig: 'VIEWER',
  listComputeConfigVersions: 'VIEWER',
  getComputeConfigVersion: 'VIEWER',
  listAuditLog: 'ADMIN',
  getUsage: 'ADMIN',
  listInvoices: 'ADMIN',
  getInvoice: 'ADMIN',
  getQuotas: 'ADMIN',
  setQuotas: 'OWNER',
  getSession: 'VIEWER',
  getServiceVersion: 'VIEWER',
  listInvites: 'VIEWER',
  createInvite: 'ADMIN',
  revokeInvite: 'ADMIN',
  deployService: 'MEMBER',
  listServices: 'VIEWER',
  getService: 'VIEWER',
  listRollouts: 'VIEWER',
  getRollout: 'VIEWER',
  setCanaryPercent: 'MEMBER',
  rollbackService: 'MEMBER',
  terminateService: 'MEMBER',
  rotateQueryToken: 'MEMBER',
  listInstanceTypes: 'VIEWER',
  getServiceLogs: 'MEMBER',
  getServiceTraffic: 'VIEWER',
  finishQueryTokenRotation: 'MEMBER',
};

const RANK: Record<Role, number> = { VIEWER: 1, MEMBER: 2, ADMIN: 3, OWNER: 4 };
const tenantRoutes = allRoutes.filter((r) => r.access !== 'public' && r.access !== 'platform-admin');

describe('permission matrix (every role × every route, over HTTP)', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withProject('web').withCloud('local').withComputeConfig('cpu', 'local').create();
  });
  afterAll(() => api.close());

  it('has a row for every tenant-scoped route and no row for a route that does not exist', () => {
    expect(Object.keys(LOWEST_ROLE).sort()).toEqual(tenantRoutes.map((r) => r.id).sort());
    expect(Object.keys(routeRequests).sort()).toEqual(tenantRoutes.map((r) => r.id).sort());
  });

  const cells = tenantRoutes.flatMap((route) => ROLES.map((role) => [route.id, role, route] as const));
  it.each(cells)('%s as %s', async (_id, role, route: RouteDef) => {
    const built = await routeRequests[route.id]!(api, t, role);
    const res = await api.request(route.method, built.path, { token: t.tokens[role], body: built.body });
    const allowed = RANK[role] >= RANK[LOWEST_ROLE[route.id]!];
    if (allowed) {
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: route.status, error: undefined });
    } else {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });
});

describe('token scopes narrow what a role allows', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withProject('web').withProject('other').withCloud('local').withComputeConfig('cpu', 'local').create();
  });
  afterAll(() => api.close());

  it('an owner token with only READ reads everything and changes nothing', async () => {
    const readOnly = await tokenFor(api, t.ownerToken, t.ownerUserId, ['READ']);
    for (const route of tenantRoutes) {
      const built = await routeRequests[route.id]!(api, t, 'OWNER');
      const res = await api.request(route.method, built.path, { token: readOnly, body: built.body });
      const expected = route.method === 'GET' ? route.status : 403;
      expect([route.id, res.status]).toEqual([route.id, expected]);
    }
  });

  it('an owner token with only ADMIN changes things but cannot read', async () => {
    const adminOnly = await tokenFor(api, t.ownerToken, t.ownerUserId, ['ADMIN']);
    const res = await api.request('GET', '/v1/projects', { token: adminOnly });
    expect(res.status).toBe(403);
    const created = await api.request('POST', '/v1/projects', { token: adminOnly, body: { name: 'by-admin-scope' } });
    expect(created.status).toBe(201);
    const me = await api.request('GET', '/v1/me', { token: adminOnly });
    expect(me.status).toBe(200);
  });

  it('a project-scoped token sees only its project', async () => {
    const scoped = await tokenFor(api, t.ownerToken, t.ownerUserId, ['READ', 'ADMIN'], { project: 'web' });
    expect((await api.request('GET', '/v1/projects/web', { token: scoped })).status).toBe(200);
    expect((await api.request('GET', '/v1/projects/other', { token: scoped })).status).toBe(404);
    expect((await api.request('GET', '/v1/projects', { token: scoped })).status).toBe(403);
    expect((await api.request('GET', '/v1/clouds', { token: scoped })).status).toBe(403);
    expect((await api.request('POST', '/v1/tokens', { token: scoped, body: { name: 'x', scopes: ['READ'] } })).status).toBe(403);
    const me = await api.request('GET', '/v1/me', { token: scoped });
    expect(me.body.token.project).toBe('web');
  });

  it('a scope above the holder’s role is refused, naming the field', async () => {
    const res = await api.request('POST', '/v1/tokens', {
      token: t.ownerToken,
      body: { name: 'too-much', scopes: ['READ', 'DEPLOY'], user_id: t.userIds.VIEWER },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'body.scopes', message: 'role VIEWER cannot hold scope(s) DEPLOY' }]);
  });

  it('only admins issue tokens for other members', async () => {
    const res = await api.request('POST', '/v1/tokens', {
      token: t.tokens.MEMBER,
      body: { name: 'for-viewer', scopes: ['READ'], user_id: t.userIds.VIEWER },
    });
    expect(res.status).toBe(403);
  });

  it('a member cannot see or revoke another member’s token (404, not 403)', async () => {
    const list = await api.request('GET', '/v1/tokens?limit=100', { token: t.ownerToken });
    const adminsToken = list.body.data.find((tok: any) => tok.user_id === t.userIds.ADMIN);
    const own = await api.request('GET', '/v1/tokens?limit=100', { token: t.tokens.MEMBER });
    expect(own.body.data.every((tok: any) => tok.user_id === t.userIds.MEMBER)).toBe(true);
    const res = await api.request('DELETE', `/v1/tokens/${adminsToken.id}`, { token: t.tokens.MEMBER });
    expect(res.status).toBe(404);
  });
});
