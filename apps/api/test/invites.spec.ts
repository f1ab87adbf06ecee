import { ApiHarness } from './harness';
import { consoleUserOf, sessionCookieFrom } from './console-session';
import { aTenant, expectOk, type Tenant } from './tenant-factory';

describe('invites: one-time, expiring links that set a password and create the membership', () => {
  let api: ApiHarness;
  let t: Tenant;
  let n = 0;
  const email = () => `invitee-${++n}@example.test`;
  const invite = (body: Record<string, unknown>, token = t.tokens.ADMIN) =>
    api.request('POST', '/v1/invites', { token, body });

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).create();
  });
  afterAll(() => api.close());

  it('an admin invites; the link is shown once, stored hashed, and accepting it signs the new member in', async () => {
    const address = email();
    const created = await invite({ email: address, role: 'MEMBER' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: address, role: 'MEMBER', state: 'PENDING' });
    expect(created.body.accept_url).toBe(`${api.baseUrl}/#/invite/${created.body.token}`);
    const row = await api.db.invite.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.tokenHash).not.toContain(created.body.token);
    const listed = await api.request('GET', '/v1/invites', { token: t.tokens.VIEWER });
    expect(listed.body.data[0]).not.toHaveProperty('token');

    const preview = await api.request('POST', '/v1/invites/preview', {
      body: { token: created.body.token },
    });
    expect(preview.body).toMatchObject({
      email: address,
      role: 'MEMBER',
      password_required: 'NEW',
      organization: { slug: t.slug },
    });

    const accepted = await api.request('POST', '/v1/invites/accept', {
      body: { token: created.body.token, password: 'a new long password', name: 'New One' },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      role: 'MEMBER',
      user: { email: address, name: 'New One' },
      organization: { slug: t.slug },
    });
    expect(sessionCookieFrom(accepted)).toMatch(/^sys_/);
    const members = await expectOk(
      api.request('GET', '/v1/members?limit=100', { token: t.ownerToken }),
    );
    expect(members.data.find((m: any) => m.email === address)?.role).toBe('MEMBER');
    // The password works for a later sign-in.
    const signIn = await api.request('POST', '/v1/session', {
      body: { email: address, password: 'a new long password' },
    });
    expect(signIn.status).toBe(201);
    const audit = await expectOk(api.request('GET', '/v1/audit-log', { token: t.ownerToken }));
    expect(audit.data.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['invite.create', 'invite.accept']),
    );
  });

  it('works once: a second accept and a preview of a used link are 404', async () => {
    const created = await expectOk(invite({ email: email(), role: 'VIEWER' }));
    const first = await api.request('POST', '/v1/invites/accept', {
      body: { token: created.token, password: 'first password!!' },
    });
    expect(first.status).toBe(201);
    const again = await api.request('POST', '/v1/invites/accept', {
      body: { token: created.token, password: 'second password!' },
    });
    expect(again.status).toBe(404);
    expect(
      (await api.request('POST', '/v1/invites/preview', { body: { token: created.token } })).status,
    ).toBe(404);
    const listed = await expectOk(
      api.request('GET', '/v1/invites?limit=100', { token: t.ownerToken }),
    );
    expect(listed.data.find((i: any) => i.id === created.id).state).toBe('ACCEPTED');
  });

  it('two concurrent accepts of one link: exactly one succeeds', async () => {
    const created = await expectOk(invite({ email: email(), role: 'VIEWER' }));
    const results = await Promise.all(
      [1, 2].map(() =>
        api.request('POST', '/v1/invites/accept', {
          body: { token: created.token, password: 'racing password' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 404]);
  });

  it('expires: after its TTL the link is 404 and creates nothing', async () => {
    const address = email();
    const created = await expectOk(invite({ email: address, role: 'VIEWER', expires_in_hours: 1 }));
    api.clock.advance(3_600_000);
    const late = await api.request('POST', '/v1/invites/accept', {
      body: { token: created.token, password: 'too late password' },
    });
    expect(late.status).toBe(404);
    expect(await api.db.user.findUnique({ where: { email: address } })).toBeNull();
    const listed = await expectOk(
      api.request('GET', '/v1/invites?limit=100', { token: t.ownerToken }),
    );
    expect(listed.data.find((i: any) => i.id === created.id).state).toBe('EXPIRED');
  });

  it('a revoked link is 404', async () => {
    const created = await expectOk(invite({ email: email(), role: 'VIEWER' }));
    expect(
      (await api.request('DELETE', `/v1/invites/${created.id}`, { token: t.tokens.ADMIN })).status,
    ).toBe(204);
    const res = await api.request('POST', '/v1/invites/accept', {
      body: { token: created.token, password: 'revoked password' },
    });
    expect(res.status).toBe(404);
  });

  it('only owners invite owners; a current member cannot be invited; bad input names the field', async () => {
    expect((await invite({ email: email(), role: 'OWNER' })).status).toBe(403);
    expect((await invite({ email: email(), role: 'OWNER' }, t.ownerToken)).status).toBe(201);
    expect((await invite({ email: `viewer@${t.slug}.test`, role: 'ADMIN' })).status).toBe(409);
    const bad = await invite({ email: 'not-an-email', role: 'CHIEF' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual([
      'body.email',
      'body.role',
    ]);
    const short = await api.request('POST', '/v1/invites/accept', {
      body: { token: 'syi_x', password: 'short' },
    });
    expect(short.body.error.fields).toEqual([
      { path: 'body.password', message: 'at least 10 characters' },
    ]);
  });

  it('cannot take over an existing account: a user with a password must confirm it; a token-only user is refused', async () => {
    const other = await aTenant(api).create();
    const existing = await consoleUserOf(api, other)
      .withRole('ADMIN')
      .withPassword('their own password')
      .create();
    const created = await expectOk(invite({ email: existing.email, role: 'VIEWER' }));
    const preview = await expectOk(
      api.request('POST', '/v1/invites/preview', { body: { token: created.token } }),
    );
    expect(preview.password_required).toBe('EXISTING');
    const takeover = await api.request('POST', '/v1/invites/accept', {
      body: { token: created.token, password: 'attacker password' },
    });
    expect(takeover.status).toBe(401);
    const user = await api.db.user.findUniqueOrThrow({ where: { email: existing.email } });
    const stillTheirs = await api.request('POST', '/v1/session', {
      body: { email: existing.email, password: existing.password },
    });
    expect(stillTheirs.status).toBe(201);
    const joined = await api.request('POST', '/v1/invites/accept', {
      body: { token: created.token, password: existing.password },
    });
    expect(joined.status).toBe(201);
    expect(joined.body.organizations.map((o: any) => o.slug).sort()).toEqual(
      [other.slug, t.slug].sort(),
    );
    expect((await api.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(
      user.passwordHash,
    );

    const tokenOnly = await expectOk(
      invite({ email: `member@${other.slug}.test`, role: 'VIEWER' }),
    );
    const refused = await api.request('POST', '/v1/invites/accept', {
      body: { token: tokenOnly.token, password: 'attacker password' },
    });
    expect(refused.status).toBe(409);
    expect(
      (await api.db.user.findUniqueOrThrow({ where: { email: `member@${other.slug}.test` } }))
        .passwordHash,
    ).toBeNull();
  });
});
