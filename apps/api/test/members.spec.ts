import { ApiHarness } from './harness';
import { aTenant, type Tenant } from './tenant-factory';

describe('members and roles', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).create();
  });
  afterAll(() => api.close());

  it('lists every member with role', async () => {
    const res = await api.request('GET', '/v1/members', { token: t.tokens.VIEWER });
    expect(res.body.data.map((m: any) => m.role).sort()).toEqual(['ADMIN', 'MEMBER', 'OWNER', 'VIEWER']);
  });

  it('only owners grant, change or remove OWNER', async () => {
    const grant = await api.request('POST', '/v1/members', { token: t.tokens.ADMIN, body: { email: 'boss@x.test', role: 'OWNER' } });
    expect(grant.status).toBe(403);
    const promote = await api.request('PATCH', `/v1/members/${t.userIds.MEMBER}`, { token: t.tokens.ADMIN, body: { role: 'OWNER' } });
    expect(promote.status).toBe(403);
    const demoteOwner = await api.request('PATCH', `/v1/members/${t.ownerUserId}`, { token: t.tokens.ADMIN, body: { role: 'VIEWER' } });
    expect(demoteOwner.status).toBe(403);
    const removeOwner = await api.request('DELETE', `/v1/members/${t.ownerUserId}`, { token: t.tokens.ADMIN });
    expect(removeOwner.status).toBe(403);
  });

  it('keeps at least one owner', async () => {
    const demote = await api.request('PATCH', `/v1/members/${t.ownerUserId}`, { token: t.ownerToken, body: { role: 'ADMIN' } });
    expect(demote.status).toBe(409);
    const remove = await api.request('DELETE', `/v1/members/${t.ownerUserId}`, { token: t.ownerToken });
    expect(remove.status).toBe(409);

    const promote = await api.request('PATCH', `/v1/members/${t.userIds.ADMIN}`, { token: t.ownerToken, body: { role: 'OWNER' } });
    expect(promote.status).toBe(200);
    expect(promote.body.role).toBe('OWNER');
    const nowOk = await api.request('PATCH', `/v1/members/${t.ownerUserId}`, { token: t.ownerToken, body: { role: 'ADMIN' } });
    expect(nowOk.status).toBe(200);
    // The old owner's own token now acts as an admin.
    expect((await api.request('PATCH', '/v1/organization', { token: t.ownerToken, body: { name: 'nope' } })).status).toBe(403);
  });

  it('a duplicate member is a conflict; an unknown one is not found', async () => {
    const dup = await api.request('POST', '/v1/members', { token: t.tokens.ADMIN, body: { email: `VIEWER@${t.slug}.test`, role: 'VIEWER' } });
    expect(dup.status).toBe(409);
    const missing = await api.request('PATCH', '/v1/members/00000000-0000-7000-8000-000000000000', { token: t.tokens.ADMIN, body: { role: 'VIEWER' } });
    expect(missing.status).toBe(404);
  });
});
