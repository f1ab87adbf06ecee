import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allRoutes, expressPath } from '@switchyard/contracts';
import { ApiHarness } from './harness';
import { aTenant } from './tenant-factory';

describe('operations endpoints and the OpenAPI document', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(() => api.close());

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect((await api.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: expect.objectContaining({ ok: true }), redis: expect.objectContaining({ ok: true }) });
    await api.request('GET', '/v1/projects');
    const metrics = await api.request('GET', '/metrics');
    expect(metrics.text).toContain('switchyard_api_request_duration_seconds_bucket');
    expect(metrics.text).toContain('route="/v1/projects"');
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the committed OpenAPI 3.1 document, and interactive docs', async () => {
    const served = (await api.request('GET', '/openapi.json')).body;
    const committed = JSON.parse(readFileSync(path.join(__dirname, '../../../openapi/openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
    expect(served.openapi).toBe('3.1.0');
    const docs = await api.request('GET', '/docs');
    expect(docs.text).toContain('SwaggerUIBundle');
    const asset = await fetch(`${api.baseUrl}/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
  });

  it('binds exactly the routes of the catalog (no undocumented route)', () => {
    const router = api.app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    const bound = router.stack
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`))
      .sort();
    const documented = [
      ...allRoutes.map((r) => `${r.method} ${expressPath(r.path)}`),
      'GET /metrics',
      'GET /openapi.json',
      'GET /docs',
    ].sort();
    expect(bound).toEqual(documented);
  });
});

describe('unexpected errors', () => {
  let api: ApiHarness;
  let token: string;

  beforeAll(async () => {
    const healthy = await ApiHarness.start();
    token = (await aTenant(healthy).create()).ownerToken;
    await healthy.close();
    // Same code, a database that does not exist: every lookup fails inside the driver.
    api = await ApiHarness.start({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/sy_does_not_exist' });
  });
  afterAll(() => api.close().catch(() => undefined));

  it('answer 500 with the request id and no internals, and /readyz says 503', async () => {
    const res = await api.request('GET', '/v1/projects', { token });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error', fields: [] }, requestId: expect.any(String) });
    expect(res.text).not.toMatch(/does_not_exist|prisma|stack|at /i);
    expect(api.logs.join('')).toContain(res.body.requestId);
    const ready = await api.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.postgres.ok).toBe(false);
    expect(ready.body.checks.redis.ok).toBe(true);
  });
});
