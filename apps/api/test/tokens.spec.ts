import { createHash } from 'node:crypto';
import { ApiHarness } from './harness';
import { aTenant, type Tenant } from './tenant-factory';

describe('API tokens', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withProject('web').create();
  });
  afterAll(() => api.close());

  it('are sy_ + 32 random bytes, stored only as SHA-256, and shown once', async () => {
    const created = await api.request('POST', '/v1/tokens', { token: t.ownerToken, body: { name: 'ci', scopes: ['READ', 'DEPLOY'] } });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^sy_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(3), 'base64url')).toHaveLength(32);
    expect(created.body.prefix).toBe(secret.slice(0, 11));

    const row = await api.db.apiToken.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret.slice(3));

    const list = await api.request('GET', '/v1/tokens?limit=100', { token: t.ownerToken });
    expect(list.text).not.toContain(secret);
    const listed = list.body.data.find((x: any) => x.id === created.body.id);
    expect(listed).toEqual({
      id: created.body.id,
      name: 'ci',
      prefix: secret.slice(0, 11),
      user_id: t.ownerUserId,
      scopes: ['READ', 'DEPLOY'],
      project: null,
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
      created_at: expect.any(String),
    });
    expect(listed).not.toHaveProperty('secret');
  });

  it('record last use at most once a minute', async () => {
    const created = await api.request('POST', '/v1/tokens', { token: t.ownerToken, body: { name: 'usage', scopes: ['READ'] } });
    const token = created.body.secret;
    const lastUsed = async () => (await api.db.apiToken.findUniqueOrThrow({ where: { id: created.body.id } })).lastUsedAt?.toISOString();

    const first = api.clock.now().toISOString();
    await api.request('GET', '/v1/projects', { token });
    expect(await lastUsed()).toBe(first);

    api.clock.advance(30_000);
    await api.request('GET', '/v1/projects', { token });
    await api.request('GET', '/v1/projects', { token });
    expect(await lastUsed()).toBe(first);

    // The once-a-minute marker lives in Redis with a 60 s TTL; dropping it stands in for a minute passing.
    await api.redis.del(`${api.config.REDIS_PREFIX}:token-used:${created.body.id}`);
    api.clock.advance(31_000);
    await api.request('GET', '/v1/projects', { token });
    expect(await lastUsed()).toBe(api.clock.now().toISOString());
  });

  it('a removed member’s tokens are revoked with the membership', async () => {
    const res = await api.request('DELETE', `/v1/members/${t.userIds.MEMBER}`, { token: t.ownerToken });
    expect(res.status).toBe(204);
    expect((await api.request('GET', '/v1/me', { token: t.tokens.MEMBER })).status).toBe(401);
    const rows = await api.db.apiToken.findMany({ where: { userId: t.userIds.MEMBER, orgId: t.orgId } });
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });
});

describe('rate limit per token', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    // The factory makes 6 calls with the owner token; the viewer's token starts unused.
    api = await ApiHarness.start({ RATE_LIMIT_PER_MINUTE: '8' });
    t = await aTenant(api).create();
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After past the limit, per token, until the window turns', async () => {
    for (let i = 0; i < 8; i++) expect((await api.request('GET', '/v1/me', { token: t.tokens.VIEWER })).status).toBe(200);
    const limited = await api.request('GET', '/v1/me', { token: t.tokens.VIEWER });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    expect((await api.request('GET', '/v1/me', { token: t.tokens.ADMIN })).status).toBe(200);
    api.clock.advance(retryAfter * 1000);
    expect((await api.request('GET', '/v1/me', { token: t.tokens.VIEWER })).status).toBe(200);
  });
});
