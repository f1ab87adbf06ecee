import { TrafficAccumulator, writeTrafficCells } from '@switchyard/routing';
import { ApiHarness } from './harness';
import { serviceWithCanaryRollout } from './service-fixtures';
import { aTenant, type Tenant } from './tenant-factory';

/**
 * The live traffic series, over counters written exactly as gateways write them: each gateway
 * records into its own `TrafficAccumulator` and flushes with `writeTrafficCells`
 * (apps/gateway/src/telemetry-reporter.ts).
 */
describe('GET …/services/{service}/traffic', () => {
  let api: ApiHarness;
  let t: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withProject('shop').withCloud('local').create();
    other = await aTenant(api).withProject('shop').withCloud('local').create();
  });
  afterAll(() => api.close());

  /** One gateway's flush: requests [versionId, epoch second, status, latency ms]. */
  async function aGatewayFlush(
    serviceId: string,
    requests: [versionId: string, second: number, status: number, latencyMs: number][],
  ) {
    const gateway = new TrafficAccumulator();
    for (const [versionId, second, status, latencyMs] of requests)
      gateway.record(serviceId, versionId, status, latencyMs, second * 1000 + 500);
    await writeTrafficCells(api.redis, api.config.REDIS_PREFIX, gateway.drain(), { windowS: 600 });
  }

  const traffic = (service: string, query: string, token = t.tokens.VIEWER) =>
    api.request('GET', `/v1/projects/shop/services/${service}/traffic${query}`, { token });

  it('sums every gateway per version and second over the last whole seconds', async () => {
    const { name, serviceId } = await serviceWithCanaryRollout(api, t, 'shop');
    const service = await api.db.service.findUniqueOrThrow({ where: { id: serviceId } });
    const primary = service.primaryVersionId!;
    const canary = service.canaryVersionId!;
    const now = Math.floor(api.clock.now().getTime() / 1000);
    const last = now - 1; // the current second is still being counted
    await aGatewayFlush(serviceId, [
      [primary, last - 2, 200, 4],
      [primary, last - 2, 200, 8],
      [primary, last - 2, 503, 40],
      [primary, now, 200, 1], // not a whole second yet
      [primary, last - 5, 200, 1], // before the window
    ]);
    await aGatewayFlush(serviceId, [
      [primary, last - 2, 200, 2],
      [canary, last, 200, 30],
      [canary, last, 500, 30],
    ]);

    const res = await traffic(name, '?window_s=5');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      window_s: 5,
      from_second: last - 4,
      to_second: last,
      versions: [
        {
          id: primary,
          name: expect.any(String),
          role: 'primary',
          requests: [0, 0, 4, 0, 0],
          errors: [0, 0, 1, 0, 0],
          // Buckets ≤2.5, ≤5, ≤10, ≤50 hold one each: rank 3.96 interpolates in (25, 50].
          p99_ms: [null, null, 49, null, null],
        },
        {
          id: canary,
          name: 'v2',
          role: 'canary',
          requests: [0, 0, 0, 0, 2],
          errors: [0, 0, 0, 0, 1],
          p99_ms: [null, null, null, null, 49.75],
        },
      ],
    });

    // The canary rolled back and left: its traffic stays in the window, without a role.
    await api.db.service.update({ where: { id: serviceId }, data: { canaryVersionId: null } });
    const after = await traffic(name, '?window_s=5');
    expect(after.body.versions.map((v: { role: string | null }) => v.role)).toEqual([
      'primary',
      null,
    ]);

    // Default window: 60 s, the primary listed even where it served nothing.
    const quiet = await traffic(name, '');
    expect(quiet.body.window_s).toBe(60);
    expect(quiet.body.versions[0].requests).toHaveLength(60);
  });

  it('bounds the window and names the field', async () => {
    const { name } = await serviceWithCanaryRollout(api, t, 'shop');
    for (const window of ['0', '3601', 'ten']) {
      const res = await traffic(name, `?window_s=${window}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
        'query.window_s',
      ]);
    }
    expect((await traffic(name, '?window_s=3600')).status).toBe(200);
  });

  it('is 404 for another organization, even with the same project name', async () => {
    const { name } = await serviceWithCanaryRollout(api, t, 'shop');
    const res = await traffic(name, '?window_s=5', other.tokens.VIEWER);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
