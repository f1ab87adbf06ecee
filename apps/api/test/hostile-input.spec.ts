import { ApiHarness } from './harness';
import { aTenant, tokenFor, type Tenant } from './tenant-factory';

/**
 * Malformed JSON, wrong types, oversize bodies, unknown fields and bad tokens: every one is
 * answered 4xx in the one error shape, and not a single row changes.
 */
describe('hostile input', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start({ BODY_LIMIT_BYTES: '4096' });
    t = await aTenant(api).withProject('web').withCloud('local').create();
  });
  afterAll(() => api.close());

  const expectErrorShape = (body: any, code: string) => {
    expect(body).toEqual({
      error: { code, message: expect.any(String), fields: expect.any(Array) },
      requestId: expect.stringMatching(/^req_[0-9a-f]{32}$/),
    });
  };

  type Case = [string, string, string, { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string | null }, number, string];
  const json = { 'content-type': 'application/json' };
  const cases = (): Case[] => [
    ['malformed JSON', 'POST', '/v1/projects', { rawBody: '{"name": "x",', headers: json }, 400, 'malformed_request'],
    ['JSON that is not an object', 'POST', '/v1/projects', { rawBody: '"just a string"', headers: json }, 400, 'malformed_request'],
    ['JSON array body', 'POST', '/v1/projects', { rawBody: '[1,2,3]', headers: json }, 400, 'validation_failed'],
    ['empty body', 'POST', '/v1/projects', { rawBody: '', headers: json }, 400, 'validation_failed'],
    ['wrong content type', 'POST', '/v1/projects', { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 400, 'validation_failed'],
    ['wrong type', 'POST', '/v1/projects', { body: { name: 42 } }, 400, 'validation_failed'],
    ['unknown field', 'POST', '/v1/projects', { body: { name: 'ok-name', admin: true } }, 400, 'validation_failed'],
    ['prototype pollution', 'POST', '/v1/projects', { rawBody: '{"name":"ok-name","__proto__":{"admin":true}}', headers: json }, 400, 'validation_failed'],
    ['invalid name', 'POST', '/v1/projects', { body: { name: 'Bad Name!' } }, 400, 'validation_failed'],
    ['double hyphen name', 'POST', '/v1/projects', { body: { name: 'a--b' } }, 400, 'validation_failed'],
    ['oversize body', 'POST', '/v1/projects', { body: { name: 'x', description: 'y'.repeat(10_000) } }, 413, 'payload_too_large'],
    ['deeply nested', 'POST', '/v1/clouds', { rawBody: '{"name":"c","provider":"LOCAL","settings":' + '{"a":'.repeat(500) + '1' + '}'.repeat(500) + '}', headers: json }, 400, 'validation_failed'],
    ['huge number', 'POST', '/v1/tokens', { body: { name: 'x', scopes: ['READ'], expires_in_days: 1e308 } }, 400, 'validation_failed'],
    ['unknown enum', 'POST', '/v1/tokens', { body: { name: 'x', scopes: ['ROOT'] } }, 400, 'validation_failed'],
    ['wrong provider shape', 'POST', '/v1/clouds', { body: { name: 'aws', provider: 'AWS', region: 'us-east-1', credentials: { access_key_id: 'nope' } } }, 400, 'validation_failed'],
    ['bad query', 'GET', '/v1/projects?limit=1000', {}, 400, 'validation_failed'],
    ['unknown query parameter', 'GET', '/v1/projects?sort=evil', {}, 400, 'validation_failed'],
    ['forged cursor', 'GET', '/v1/projects?cursor=not-a-cursor', {}, 400, 'validation_failed'],
    ['bad path parameter', 'DELETE', '/v1/tokens/not-a-uuid', {}, 400, 'validation_failed'],
    ['body on a route without one', 'DELETE', '/v1/projects/web', { body: { force: true } }, 400, 'validation_failed'],
    ['no token', 'POST', '/v1/projects', { token: null, body: { name: 'x1' } }, 401, 'unauthenticated'],
    ['not a bearer header', 'GET', '/v1/projects', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } }, 401, 'unauthenticated'],
    ['garbage token', 'POST', '/v1/projects', { token: 'sy_' + 'A'.repeat(43), body: { name: 'x2' } }, 401, 'unauthenticated'],
    ['token without prefix', 'GET', '/v1/projects', { token: 'x'.repeat(46) }, 401, 'unauthenticated'],
    ['very long token', 'GET', '/v1/projects', { token: 'sy_' + 'A'.repeat(5000) }, 401, 'unauthenticated'],
    ['unknown route', 'GET', '/v1/nothing-here', {}, 404, 'not_found'],
  ];

  it('answers each with 4xx, the error shape, and no change to any row', async () => {
    const before = await api.rowCounts();
    for (const [name, method, path, options, status, code] of cases()) {
      const token = options.token === undefined ? t.ownerToken : options.token;
      const res = await api.request(method, path, { ...options, token });
      expect([name, res.status]).toEqual([name, status]);
      expectErrorShape(res.body, code);
    }
    expect(await api.rowCounts()).toEqual(before);
  });

  it('names every offending field in one answer', async () => {
    const res = await api.request('POST', '/v1/compute-configs', {
      token: t.ownerToken,
      body: {
        name: 'Bad Name',
        cloud: 'local',
        head_node: {},
        worker_groups: [{ name: 'gpu', instance_type: 'g5.xlarge', gpu_count: 1, min_nodes: 3, max_nodes: 1 }],
        extra: 1,
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.fields.map((f: any) => f.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining(['body', 'body.head_node.instance_type', 'body.name']),
    );
    expect(res.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body', message: expect.stringContaining('extra') })]));
  });

  it('revoked and expired tokens answer 401 at once', async () => {
    const expiring = await tokenFor(api, t.ownerToken, t.ownerUserId, ['READ'], { expires_in_days: 1 });
    expect((await api.request('GET', '/v1/projects', { token: expiring })).status).toBe(200);
    api.clock.advance(86_400_000 + 1);
    expect((await api.request('GET', '/v1/projects', { token: expiring })).status).toBe(401);

    const doomed = await tokenFor(api, t.ownerToken, t.ownerUserId, ['READ']);
    const me = await api.request('GET', '/v1/me', { token: doomed });
    expect((await api.request('DELETE', `/v1/tokens/${me.body.token.id}`, { token: t.ownerToken })).status).toBe(204);
    const after = await api.request('GET', '/v1/projects', { token: doomed });
    expect(after.status).toBe(401);
    expectErrorShape(after.body, 'unauthenticated');
  });
});
