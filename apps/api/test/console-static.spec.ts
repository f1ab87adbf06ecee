import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiHarness } from './harness';

describe('the API serves the console build at /', () => {
  let api: ApiHarness;
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-console-'));

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console build</title>');
    writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    api = await ApiHarness.start({ CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('index.html at / and for client paths, never cached, with a strict CSP and no framing', async () => {
    for (const p of ['/', '/some/client/route']) {
      const res = await api.request('GET', p, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.text).toContain('console build');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    // Labelled by the fallback route's pattern, not by each client path (bounded cardinality).
    const metrics = await api.request('GET', '/metrics');
    expect(metrics.text).toMatch(/route="\/\.\*\/",status="200"/);
    expect(metrics.text).not.toContain('/some/client/route');
  });

  it('hashed assets are cached for good; a missing asset is a 404, not index.html', async () => {
    const asset = await api.request('GET', '/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await api.request('GET', '/assets/missing.js')).status).toBe(404);
  });

  it('the API keeps its paths: unknown /v1 routes stay JSON 404s; docs, health and OpenAPI still answer', async () => {
    const unknown = await api.request('GET', '/v1/nothing-here', {
      headers: { accept: 'text/html' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect((await api.request('GET', '/healthz')).status).toBe(200);
    expect((await api.request('GET', '/openapi.json')).body.openapi).toBe('3.1.0');
    expect(
      (await api.request('GET', '/docs', { headers: { accept: 'text/html' } })).text,
    ).not.toContain('console build');
  });
});
