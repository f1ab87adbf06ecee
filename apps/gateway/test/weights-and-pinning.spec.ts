import { Backend } from './support/backend';
import { GatewayHarness, inParallel } from './support/harness';

describe('version choice', () => {
  let h: GatewayHarness;
  let primary: Backend;
  let canary: Backend;
  const split = (canaryWeight: number, stickyVersions?: boolean) => ({
    stickyVersions,
    versions: [
      {
        name: 'blue',
        weight: 100 - canaryWeight,
        replicas: [{ id: 'p1', endpoint: primary.endpoint }],
      },
      { name: 'green', weight: canaryWeight, replicas: [{ id: 'c1', endpoint: canary.endpoint }] },
    ],
  });

  beforeAll(async () => {
    h = await GatewayHarness.start();
    [primary, canary] = await Promise.all([Backend.start('blue'), Backend.start('green')]);
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all([primary.close(), canary.close()]);
  });

  it('follows the weights: 10,000 requests within ±2 points of 70/30', async () => {
    await h.publish(split(30));
    const counts: Record<string, number> = {};
    await inParallel(10_000, 32, async () => {
      const reply = await h.call(h.url('/'));
      const version = String(reply.headers['x-switchyard-version']);
      counts[version] = (counts[version] ?? 0) + 1;
    });
    const canaryShare = (counts.green ?? 0) / 10_000;
    console.log(
      `canary share over 10,000 requests: ${(canaryShare * 100).toFixed(2)} % (target 30 %)`,
    );
    expect(counts.blue! + counts.green!).toBe(10_000);
    expect(Math.abs(canaryShare - 0.3)).toBeLessThanOrEqual(0.02);
  });

  it('pins with X-Switchyard-Version: primary, canary or a version name', async () => {
    await h.publish(split(0)); // a canary at 0 % is reachable by pinning only
    const pinned = async (pin: string) =>
      (await h.call(h.url('/'), { headers: { 'x-switchyard-version': pin } })).json?.backend;
    expect(await pinned('canary')).toBe('green');
    expect(await pinned('CANARY')).toBe('green');
    expect(await pinned('green')).toBe('green');
    expect(await pinned('primary')).toBe('blue');
    expect(await pinned('blue')).toBe('blue');
    for (let i = 0; i < 20; i++) expect((await h.call(h.url('/'))).json.backend).toBe('blue');
  });

  it('answers a pin to a version that does not exist with 404 naming the valid ones', async () => {
    await h.publish(split(10));
    const reply = await h.call(h.url('/'), { headers: { 'x-switchyard-version': 'purple' } });
    expect(reply.status).toBe(404);
    expect(reply.json.error).toEqual({
      code: 'not_found',
      message: 'no version "purple" in this service; valid: primary, canary, blue, green',
      fields: [
        {
          path: 'headers.x-switchyard-version',
          message: 'must be one of: primary, canary, blue, green',
        },
      ],
    });

    await h.publish({
      versions: [
        { name: 'blue', weight: 100, replicas: [{ id: 'p1', endpoint: primary.endpoint }] },
      ],
    });
    const noCanary = await h.call(h.url('/'), { headers: { 'x-switchyard-version': 'canary' } });
    expect(noCanary.status).toBe(404);
    expect(noCanary.json.error.message).toContain('valid: primary, blue');
  });

  it('keeps a caller on one version with the sticky cookie when the service opts in', async () => {
    await h.publish(split(50, true));
    const first = await h.call(h.url('/'));
    const setCookie = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
    // The replica's own cookie passes through next to ours.
    expect(setCookie).toContain('app=1; Path=/');
    const ours = setCookie.find((c) => c.startsWith('sy_version='))!;
    expect(ours).toMatch(
      /^sy_version=ver-(blue|green); Path=\/s\/proj\/svc; HttpOnly; SameSite=Lax$/,
    );
    const cookie = ours.split(';')[0]!;
    const version = first.headers['x-switchyard-version'];
    for (let i = 0; i < 30; i++) {
      const again = await h.call(h.url('/'), { headers: { cookie: `other=1; ${cookie}` } });
      expect(again.headers['x-switchyard-version']).toBe(version);
      expect(
        ([] as string[])
          .concat(again.headers['set-cookie'] ?? [])
          .some((c) => c.startsWith('sy_version')),
      ).toBe(false);
    }

    // The version the cookie names goes to 0 %: the cookie is ignored, traffic follows weights.
    const stuckOn = version === 'green' ? split(0, true) : { ...split(100, true) };
    await h.publish(stuckOn);
    const moved = await h.call(h.url('/'), { headers: { cookie } });
    expect(moved.headers['x-switchyard-version']).not.toBe(version);
  });

  it('sets no cookie unless the service opts in, but honours one the caller sends', async () => {
    await h.publish(split(50));
    const reply = await h.call(h.url('/'));
    expect(([] as string[]).concat(reply.headers['set-cookie'] ?? [])).toEqual(['app=1; Path=/']);
    for (let i = 0; i < 10; i++) {
      const pinned = await h.call(h.url('/'), { headers: { cookie: 'sy_version=ver-green' } });
      expect(pinned.json.backend).toBe('green');
    }
  });
});
