import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readReplicaLoads, readTrafficSeries } from '@switchyard/routing';
import { eventually, freePort } from '@switchyard/testing';
import { Backend } from './support/backend';
import { GatewayHarness, inParallel } from './support/harness';

const sample = (metrics: string, name: string, labels: Record<string, string>): number => {
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return NaN;
};

describe('metrics and telemetry', () => {
  let h: GatewayHarness;
  let blue: Backend;
  let green: Backend;
  let entryServiceId: string;

  beforeAll(async () => {
    // The production report interval: loads must reach Redis at least every second.
    h = await GatewayHarness.start({ GATEWAY_TELEMETRY_INTERVAL_MS: '1000' });
    await h.startGateway(); // a second gateway: figures are summed across gateways
    [blue, green] = await Promise.all([Backend.start('blue'), Backend.start('green')]);
    const entry = await h.publish({
      versions: [
        {
          name: 'blue',
          weight: 50,
          replicas: [
            { id: 'b1', endpoint: blue.endpoint },
            { id: 'dead', endpoint: `http://127.0.0.1:${await freePort()}` },
          ],
        },
        { name: 'green', weight: 50, replicas: [{ id: 'g1', endpoint: green.endpoint }] },
      ],
    });
    entryServiceId = entry.serviceId;
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all([blue.close(), green.close()]);
  });

  it('exports per service and version: requests by status class, latency, in flight, retries, 503s', async () => {
    await inParallel(40, 4, async () => void (await h.call(h.url('/'))));
    await h.call(h.url('/'), { headers: { 'x-switchyard-version': 'nope' } });
    const held = h.call(h.url('/hold'), { headers: { 'x-switchyard-version': 'green' } });
    await eventually(async () => (green.heldCount === 1 ? true : undefined));

    const metrics = (await h.call(`${h.base}/metrics`)).text;
    const svc = { service: 'svc--proj' };
    const blue2xx = sample(metrics, 'gateway_requests_total', {
      ...svc,
      version: 'blue',
      role: 'primary',
      status_class: '2xx',
    });
    const green2xx = sample(metrics, 'gateway_requests_total', {
      ...svc,
      version: 'green',
      role: 'canary',
      status_class: '2xx',
    });
    expect(blue2xx + green2xx).toBe(40);
    expect(blue2xx).toBeGreaterThan(5);
    expect(green2xx).toBeGreaterThan(5);
    expect(
      sample(metrics, 'gateway_requests_total', { ...svc, version: '', status_class: '4xx' }),
    ).toBe(1);
    expect(
      sample(metrics, 'gateway_request_duration_seconds_count', { ...svc, version: 'blue' }),
    ).toBe(blue2xx);
    expect(
      sample(metrics, 'gateway_request_duration_seconds_bucket', {
        ...svc,
        version: 'green',
        le: '+Inf',
      }),
    ).toBe(green2xx);
    expect(sample(metrics, 'gateway_requests_in_flight', { ...svc, version: 'green' })).toBe(1);
    expect(
      sample(metrics, 'gateway_retries_total', {
        ...svc,
        version: 'blue',
        reason: 'connect_failed',
      }),
    ).toBeGreaterThan(0);
    expect(metrics).toContain('# TYPE gateway_unavailable_total counter');
    expect(sample(metrics, 'gateway_routing_services', {})).toBe(1);
    expect(metrics).toContain('app="gateway"');
    green.releaseHeld();
    expect((await held).status).toBe(200);
  });

  it('reports per-replica ongoing requests to Redis every second, summed across gateways', async () => {
    const [a, b] = h.gateways;
    const holds = [
      h.call(h.url('/hold', 'proj', 'svc', a), { headers: { 'x-switchyard-version': 'green' } }),
      h.call(h.url('/hold', 'proj', 'svc', a), { headers: { 'x-switchyard-version': 'green' } }),
      h.call(h.url('/hold', 'proj', 'svc', b), { headers: { 'x-switchyard-version': 'green' } }),
    ];
    await eventually(async () => (green.heldCount === 3 ? true : undefined));
    const seenAt = Date.now();
    // No explicit flush: the gateways' own timers report.
    const loads = await eventually(
      async () => {
        const l = await readReplicaLoads(h.redis, h.prefix, entryServiceId);
        return l.replicas.find((r) => r.replicaId === 'g1')?.ongoing === 3 ? l : undefined;
      },
      3000,
      20,
    );
    expect(Date.now() - seenAt).toBeLessThan(1500);
    expect(loads.gateways.sort()).toEqual([a!.gatewayId, b!.gatewayId].sort());
    expect(loads.replicas).toEqual([
      {
        serviceId: entryServiceId,
        versionId: 'ver-green',
        application: 'app',
        deployment: 'ingress',
        replicaId: 'g1',
        ongoing: 3,
      },
    ]);
    green.releaseHeld();
    await Promise.all(holds);
    await eventually(
      async () => {
        const l = await readReplicaLoads(h.redis, h.prefix, entryServiceId);
        return l.replicas.length === 0 ? true : undefined;
      },
      3000,
      20,
    );
  });

  it('keeps per-version per-second traffic in Redis for the live chart, across gateways', async () => {
    const fromSec = Math.floor(Date.now() / 1000);
    await inParallel(60, 4, async (i) => {
      const gateway = h.gateways[i % 2]!;
      const reset = i % 10 === 0;
      const pin = reset || i % 3 === 0 ? 'green' : 'blue';
      await h.call(h.url(reset ? '/reset' : '/', 'proj', 'svc', gateway), {
        headers: { 'x-switchyard-version': pin },
      });
    });
    await Promise.all(h.gateways.map((g) => g.flushTelemetry()));
    const toSec = Math.floor(Date.now() / 1000);
    const series = await readTrafficSeries(h.redis, h.prefix, entryServiceId, { fromSec, toSec });
    const total = (versionId: string, key: 'requests' | 'errors') =>
      series.points.filter((p) => p.versionId === versionId).reduce((n, p) => n + p[key], 0);
    // /reset answers nothing (→ 502, an error): 6 of the 60, all pinned to green.
    expect(total('ver-green', 'requests')).toBe(24);
    expect(total('ver-green', 'errors')).toBe(6);
    expect(total('ver-blue', 'requests')).toBe(36);
    expect(total('ver-blue', 'errors')).toBe(0);
    for (const point of series.points) {
      expect(point.latency.p50Ms).toEqual(expect.any(Number));
      expect(point.latency.p99Ms).toBeGreaterThanOrEqual(point.latency.p50Ms!);
    }
  });

  it('exports every metric the Grafana dashboard queries', async () => {
    const dashboard = readFileSync(
      path.resolve(__dirname, '../../../ops/grafana/switchyard-gateway.json'),
      'utf8',
    );
    const queried = new Set(
      [...dashboard.matchAll(/\b(gateway_[a-z_]+)/g)].map((m) =>
        m[1]!.replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    const metrics = (await h.call(`${h.base}/metrics`)).text;
    const exported = new Set([...metrics.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
    expect(queried.size).toBeGreaterThan(5);
  });
});
