import { Backend } from './support/backend';
import { GatewayHarness } from './support/harness';

describe('service endpoints', () => {
  let h: GatewayHarness;
  let api: Backend;
  let web: Backend;
  let other: Backend;

  beforeAll(async () => {
    h = await GatewayHarness.start();
    [api, web, other] = await Promise.all([
      Backend.start('api'),
      Backend.start('web'),
      Backend.start('other'),
    ]);
    await h.publish({
      versions: [
        {
          name: 'v1',
          weight: 100,
          deployments: [
            {
              application: 'web',
              routePrefix: '/',
              replicas: [{ id: 'w1', endpoint: web.endpoint }],
            },
            {
              application: 'api',
              routePrefix: '/api',
              replicas: [{ id: 'a1', endpoint: api.endpoint }],
            },
            {
              application: 'api',
              deployment: 'helper', // not the ingress: never routed to directly
              routePrefix: '/api',
              replicas: [{ id: 'h1', endpoint: other.endpoint }],
            },
          ],
        },
      ],
    });
    await h.publish({
      service: 'metrics', // a service named like an operational path
      versions: [{ name: 'v1', weight: 100, replicas: [{ id: 'o1', endpoint: other.endpoint }] }],
    });
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all([api.close(), web.close(), other.close()]);
  });

  it('routes the path form and strips /s/<project>/<service> before forwarding', async () => {
    const reply = await h.call(h.url('/hello/world?x=1&y=2'));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ backend: 'web', url: '/hello/world?x=1&y=2' });
    expect(reply.headers['x-switchyard-version']).toBe('v1');
    const seen = web.seen.at(-1)!;
    expect(seen.headers['x-forwarded-prefix']).toBe('/s/proj/svc');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-request-id']).toMatch(/^req_/);

    expect((await h.call(h.url(''))).json).toMatchObject({ url: '/' });
    expect((await h.call(h.url('?q=1'))).json).toMatchObject({ url: '/?q=1' });
  });

  it('routes the host form <service>--<project>.<base domain> with the whole path', async () => {
    const reply = await h.call(`${h.base}/s/not/stripped`, {
      headers: { host: 'svc--proj.localhost:8081' },
    });
    expect(reply.json).toMatchObject({ backend: 'web', url: '/s/not/stripped' });
    expect(web.seen.at(-1)!.headers['x-forwarded-host']).toBe('svc--proj.localhost:8081');
  });

  it('routes by the longest route prefix to the application ingress', async () => {
    expect((await h.call(h.url('/api/items'))).json).toMatchObject({ backend: 'api' });
    expect((await h.call(h.url('/api'))).json).toMatchObject({ backend: 'api' });
    expect((await h.call(h.url('/apiary'))).json).toMatchObject({ backend: 'web' });
    expect(other.count('/api')).toBe(0);
  });

  it.each([
    ['unknown project/service', (h: GatewayHarness) => h.url('/', 'proj', 'nothing'), undefined],
    ['incomplete path form', (h: GatewayHarness) => `${h.base}/s/proj`, undefined],
    ['unknown host', (h: GatewayHarness) => `${h.base}/`, 'nothing--proj.localhost'],
    ['other base domain', (h: GatewayHarness) => `${h.base}/x`, 'svc--proj.example.com'],
  ])('answers 404 JSON for an %s', async (_name, url, host) => {
    const reply = await h.call(url(h), { headers: host ? { host } : {} });
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.json).toEqual({
      error: { code: 'not_found', message: expect.any(String), fields: [] },
      requestId: expect.stringMatching(/^req_/),
    });
  });

  it("keeps the caller's X-Request-Id", async () => {
    const reply = await h.call(h.url('/nothing', 'proj', 'nothing'), {
      headers: { 'x-request-id': 'caller-id-123' },
    });
    expect(reply.json.requestId).toBe('caller-id-123');
  });

  it('serves /healthz, /readyz and /metrics only off service addresses', async () => {
    expect((await h.call(`${h.base}/healthz`)).json).toEqual({ status: 'ok' });
    const ready = await h.call(`${h.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toMatchObject({ redis: { ok: true }, routing: { ok: true } });
    expect((await h.call(`${h.base}/metrics`)).text).toContain('gateway_requests_total');

    // A service host owns every path, operational ones included.
    const byHost = await h.call(`${h.base}/metrics`, { headers: { host: 'svc--proj.localhost' } });
    expect(byHost.json).toMatchObject({ backend: 'web', url: '/metrics' });
    // And a service literally named "metrics" is reachable by path.
    expect((await h.call(h.url('/', 'proj', 'metrics'))).json).toMatchObject({ backend: 'other' });
  });

  it('stops routing a removed service', async () => {
    await h.publish({
      service: 'gone',
      versions: [{ name: 'v1', weight: 100, replicas: [{ id: 'g1', endpoint: other.endpoint }] }],
    });
    expect((await h.call(h.url('/', 'proj', 'gone'))).status).toBe(200);
    await h.remove('proj-gone');
    expect((await h.call(h.url('/', 'proj', 'gone'))).status).toBe(404);
  });

  it('answers 503 with Retry-After while a service has no version serving', async () => {
    await h.publish({ service: 'empty', versions: [] });
    const reply = await h.call(h.url('/', 'proj', 'empty'));
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('1');
    expect(reply.json.error.code).toBe('unavailable');
  });
});
