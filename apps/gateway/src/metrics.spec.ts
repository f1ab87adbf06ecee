import { Registry } from 'prom-client';
import { GatewayMetrics, seriesKey } from './metrics';

const line = (text: string, pattern: RegExp) => text.split('\n').find((l) => pattern.test(l));

describe('GatewayMetrics', () => {
  it('hands request counts and in-flight numbers to prom-client when scraped', async () => {
    const registry = new Registry();
    const metrics = new GatewayMetrics(registry);
    const v1 = metrics.forVersion('svc--proj', 'v1', 'primary');
    expect(metrics.forVersion('svc--proj', 'v1', 'primary')).toBe(v1);
    v1.enter();
    v1.enter();
    v1.leave();
    v1.recordResponse(200, 0.01);
    v1.recordResponse(204, 0.02);
    v1.recordResponse(503, null);
    let text = await registry.metrics();
    expect(line(text, /^gateway_requests_total\{.*status_class="2xx"/)).toMatch(/ 2$/);
    expect(line(text, /^gateway_requests_total\{.*status_class="5xx"/)).toMatch(/ 1$/);
    expect(line(text, /^gateway_requests_in_flight\{.*version="v1"/)).toMatch(/ 1$/);
    expect(line(text, /^gateway_request_duration_seconds_count\{.*version="v1"/)).toMatch(/ 2$/);
    v1.recordResponse(200, 0.01);
    text = await registry.metrics();
    expect(line(text, /^gateway_requests_total\{.*status_class="2xx"/)).toMatch(/ 3$/);
  });

  it('forgets a version some time after it left the routing table, once idle', async () => {
    const registry = new Registry();
    const metrics = new GatewayMetrics(registry);
    const old = metrics.forVersion('svc--proj', 'old', 'primary');
    const current = metrics.forVersion('svc--proj', 'new', 'primary');
    const unversioned = metrics.forVersion('svc--proj', '', '');
    for (const m of [old, current, unversioned]) m.recordResponse(200, 0.01);
    old.retry('connect_failed');
    old.enter();
    await registry.metrics();
    const live = new Set([seriesKey('svc--proj', 'new', 'primary')]);

    metrics.prune(live, 0, 1000);
    metrics.prune(live, 5000, 1000);
    expect(await registry.metrics()).toContain('version="old"'); // still in flight
    old.leave();
    metrics.prune(live, 6000, 1000);
    const text = await registry.metrics();
    expect(text).not.toContain('version="old"');
    expect(text).toContain('version="new"');
    expect(text).toContain('version=""');
    expect(metrics.forVersion('svc--proj', 'old', 'primary')).not.toBe(old);
  });
});
