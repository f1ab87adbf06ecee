import { ApiHarness } from './harness';
import { ConsoleSession, consoleUserOf, sessionCookieFrom, signIn } from './console-session';
import { aTenant, expectOk, type Tenant } from './tenant-factory';

describe('console sessions: sign-in, cookie, CSRF, sign-out', () => {
  let api: ApiHarness;
  let t: Tenant;
  let owner: { email: string; password: string };

  beforeAll(async () => {
    api = await ApiHarness.start({ SIGN_IN_RATE_LIMIT_PER_MINUTE: '3', SESSION_TTL_HOURS: '2' });
    t = await aTenant(api).withProject('web').create();
    owner = await consoleUserOf(api, t).withRole('OWNER').create();
  });
  afterAll(() => api.close());
  // Every attempt counts against the per-email limit (3 here): each test starts a fresh window.
  beforeEach(() => api.clock.advance(60_000));

  it('a wrong password and an unknown email are the same 401, and set no cookie', async () => {
    const wrong = await api.request('POST', '/v1/session', {
      body: { email: owner.email, password: 'not the password' },
    });
    const unknown = await api.request('POST', '/v1/session', {
      body: { email: 'nobody@nowhere.test', password: 'whatever it is' },
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({
        code: 'unauthenticated',
        message: 'wrong email or password',
      });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('a token-only user (no password) cannot sign in', async () => {
    const res = await api.request('POST', '/v1/session', {
      body: { email: `member@${t.slug}.test`, password: 'anything at all' },
    });
    expect(res.status).toBe(401);
  });

  it('signing in sets an httpOnly, SameSite=Lax cookie, not Secure over plain http (forwarded proto not trusted)', async () => {
    const res = await api.request('POST', '/v1/session', {
      body: { email: owner.email.toUpperCase(), password: owner.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^sy_session=sys_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=7200$/,
    );
    expect(cookie).not.toContain('Secure');
    expect(res.body).toMatchObject({
      role: 'OWNER',
      organization: { slug: t.slug },
      user: { email: owner.email },
    });
    expect(res.body.csrf_token).toEqual(expect.any(String));
    expect(res.body.organizations).toEqual([
      { id: t.orgId, slug: t.slug, name: expect.any(String), role: 'OWNER' },
    ]);
    // Only the hash is stored.
    const secret = sessionCookieFrom(res)!;
    const rows = await api.db.session.findMany();
    expect(rows.some((r) => r.secretHash.includes(secret) || secret.includes(r.secretHash))).toBe(
      false,
    );
  });

  it('the cookie authenticates reads; GET /v1/session returns the CSRF token', async () => {
    const session = await signIn(api, owner.email, owner.password);
    const projects = await session.request('GET', '/v1/projects', { csrf: false });
    expect(projects.status).toBe(200);
    expect(projects.body.data.map((p: any) => p.name)).toEqual(['web']);
    const current = await session.request('GET', '/v1/session', { csrf: false });
    expect(current.body.csrf_token).toBe(session.csrfToken);
    const me = await session.request('GET', '/v1/me', { csrf: false });
    expect(me.body.token).toMatchObject({
      name: 'console session',
      scopes: ['READ', 'DEPLOY', 'ADMIN'],
    });
  });

  it('a mutation with the cookie but without the CSRF token is refused 403 and changes nothing', async () => {
    const session = await signIn(api, owner.email, owner.password);
    const before = await api.rowCounts();
    const missing = await session.request('POST', '/v1/projects', {
      body: { name: 'forged' },
      csrf: false,
    });
    const wrong = await session.request('POST', '/v1/projects', {
      body: { name: 'forged' },
      csrf: 'x'.repeat(43),
    });
    for (const res of [missing, wrong]) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('X-CSRF-Token');
    }
    // Another session's token does not fit this session.
    const other = await signIn(api, owner.email, owner.password);
    const crossed = await session.request('POST', '/v1/projects', {
      body: { name: 'forged' },
      csrf: other.csrfToken,
    });
    expect(crossed.status).toBe(403);
    const after = await api.rowCounts();
    expect({ ...after, sessions: 0 }).toEqual({ ...before, sessions: 0 });
    const real = await session.request('POST', '/v1/projects', { body: { name: 'by-console' } });
    expect(real.status).toBe(201);
  });

  it('bearer requests need no CSRF token, and a bearer header wins over a cookie', async () => {
    const viewer = await consoleUserOf(api, t).withRole('VIEWER').signIn();
    const res = await api.request('POST', '/v1/projects', {
      token: t.ownerToken,
      body: { name: 'by-token' },
      headers: { cookie: `sy_session=${viewer.cookie}` },
    });
    expect(res.status).toBe(201);
  });

  it('a session has its role: a viewer’s mutation is 403 even with its own valid CSRF token', async () => {
    const viewer = await consoleUserOf(api, t).withRole('VIEWER').signIn();
    const res = await viewer.request('POST', '/v1/projects', { body: { name: 'by-viewer' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await viewer.request('GET', '/v1/projects')).status).toBe(200);
  });

  it('acts in the organization the header names; another organization is 404', async () => {
    const other = await aTenant(api).withProject('theirs').create();
    const session = await signIn(api, owner.email, owner.password);
    const res = await session.request('GET', '/v1/projects/theirs', { organization: other.slug });
    expect(res.status).toBe(404);
    expect((await session.request('GET', '/v1/projects/theirs')).status).toBe(404);
    // Once a member there too, the same session switches to it by the header.
    await expectOk(
      api.request('POST', '/v1/members', {
        token: other.ownerToken,
        body: { email: owner.email, role: 'VIEWER' },
      }),
    );
    const switched = await session.request('GET', '/v1/session', { organization: other.slug });
    expect(switched.body).toMatchObject({ role: 'VIEWER', organization: { slug: other.slug } });
    expect(switched.body.organizations.map((o: any) => o.slug).sort()).toEqual(
      [other.slug, t.slug].sort(),
    );
    expect(
      (await session.request('GET', '/v1/projects/theirs', { organization: other.slug })).status,
    ).toBe(200);
  });

  it('sign-out needs the CSRF token, then revokes the session at once', async () => {
    const session = await signIn(api, owner.email, owner.password);
    const forged = await session.request('DELETE', '/v1/session', { csrf: false });
    expect(forged.status).toBe(403);
    expect((await session.request('GET', '/v1/projects')).status).toBe(200);

    const out = await session.request('DELETE', '/v1/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(
      /^sy_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/,
    );
    const after = await session.request('GET', '/v1/projects');
    expect(after.status).toBe(401);
    const row = await api.db.session.findFirstOrThrow({ where: { revokedAt: { not: null } } });
    expect(row.revokedAt).not.toBeNull();
  });

  it('a session ends at its TTL', async () => {
    const session = await signIn(api, owner.email, owner.password);
    api.clock.advance(2 * 3_600_000 - 1000);
    expect((await session.request('GET', '/v1/projects')).status).toBe(200);
    api.clock.advance(1000);
    expect((await session.request('GET', '/v1/projects')).status).toBe(401);
  });

  it('rate-limits sign-in attempts per email (429 with Retry-After), other emails unaffected', async () => {
    const target = await consoleUserOf(api, t)
      .withRole('ADMIN')
      .withPassword('admin password here')
      .create();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (
          await api.request('POST', '/v1/session', {
            body: { email: target.email, password: `guess number ${i}` },
          })
        ).status,
      );
    }
    const limited = await api.request('POST', '/v1/session', {
      body: { email: target.email, password: target.password },
    });
    expect(statuses).toEqual([401, 401, 401]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (
        await api.request('POST', '/v1/session', {
          body: { email: owner.email, password: owner.password },
        })
      ).status,
    ).toBe(201);
    api.clock.advance(60_000);
    expect(
      (
        await api.request('POST', '/v1/session', {
          body: { email: target.email, password: target.password },
        })
      ).status,
    ).toBe(201);
  });
});

describe('console sessions behind a trusted https proxy', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start({ TRUST_PROXY: 'loopback' });
    t = await aTenant(api).create();
  });
  afterAll(() => api.close());

  it('the cookie is Secure when the trusted proxy says the request came over https', async () => {
    const owner = await consoleUserOf(api, t).create();
    const overHttps = await api.request('POST', '/v1/session', {
      body: { email: owner.email, password: owner.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(overHttps.headers.get('set-cookie')).toMatch(/; Secure$/);
    const overHttp = await api.request('POST', '/v1/session', {
      body: { email: owner.email, password: owner.password },
    });
    expect(overHttp.headers.get('set-cookie')).not.toContain('Secure');
    expect(
      new ConsoleSession(api, sessionCookieFrom(overHttps)!, overHttps.body.csrf_token),
    ).toBeDefined();
  });
});
