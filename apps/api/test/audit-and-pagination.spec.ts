import { ApiHarness } from './harness';
import { aTenant, type Tenant } from './tenant-factory';

describe('audit log and cursor pagination', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).create();
  });
  afterAll(() => api.close());

  it('records every mutation with actor, action, target and request id', async () => {
    const res = await api.request('POST', '/v1/projects', {
      token: t.tokens.ADMIN,
      body: { name: 'audited' },
      headers: { 'x-request-id': 'ci-job-1234-step-5' },
    });
    expect(res.headers.get('x-request-id')).toBe('ci-job-1234-step-5');
    const audit = await api.request('GET', '/v1/audit-log?limit=1', { token: t.ownerToken });
    const me = await api.request('GET', '/v1/me', { token: t.tokens.ADMIN });
    expect(audit.body.data[0]).toEqual({
      id: expect.any(String),
      action: 'project.create',
      target_type: 'project',
      target_id: res.body.id,
      actor_user_id: t.userIds.ADMIN,
      actor_token_id: me.body.token.id,
      request_id: 'ci-job-1234-step-5',
      details: { name: 'audited' },
      created_at: expect.any(String),
    });
  });

  it('writes one audit entry per successful mutation and none for refused ones', async () => {
    const count = () => api.db.auditLog.count({ where: { orgId: t.orgId } });
    const before = await count();
    await api.request('POST', '/v1/projects', { token: t.tokens.ADMIN, body: { name: 'p-one' } });
    await api.request('PATCH', '/v1/projects/p-one', { token: t.tokens.ADMIN, body: { description: 'x' } });
    await api.request('POST', '/v1/projects', { token: t.tokens.ADMIN, body: { name: 'p-one' } }); // 409
    await api.request('POST', '/v1/projects', { token: t.tokens.VIEWER, body: { name: 'p-two' } }); // 403
    await api.request('DELETE', '/v1/projects/p-one', { token: t.tokens.ADMIN });
    expect((await count()) - before).toBe(3);
  });

  it('pages by cursor without gaps or repeats, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await api.request('GET', `/v1/audit-log${query}`, { token: t.ownerToken });
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((e: any) => e.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor && pages < 50);
    const all = await api.db.auditLog.findMany({ where: { orgId: t.orgId }, orderBy: { id: 'desc' } });
    expect(seen).toEqual(all.map((e) => e.id));
    expect(pages).toBeGreaterThan(2);
  });
});
