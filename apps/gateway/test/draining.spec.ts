import { eventually } from '@switchyard/testing';
import { Backend } from './support/backend';
import type { ReplicaSpec } from './support/entries';
import { GatewayHarness, inParallel } from './support/harness';

const MIN_DRAINING_MS = 500;

/**
 * Readiness and draining as in reference/kuberay-rayservice-high-availability.md: traffic only
 * once ready; a draining or removed replica gets no new requests, finishes those in flight, and
 * its connections are released only after the minimum draining period.
 */
describe('readiness and draining', () => {
  let h: GatewayHarness;
  const backends: Backend[] = [];
  let n = 0;
  const pair = async () => {
    const a = await Backend.start(`a${++n}`);
    const b = await Backend.start(`b${n}`);
    backends.push(a, b);
    const service = `svc${n}`;
    const publish = (replicas: ReplicaSpec[]) =>
      h.publish({ service, versions: [{ name: 'v1', weight: 100, replicas }] });
    const url = (path: string) => h.url(path, 'proj', service);
    return { a, b, publish, url };
  };

  beforeAll(async () => {
    h = await GatewayHarness.start({
      GATEWAY_MIN_DRAINING_PERIOD_S: String(MIN_DRAINING_MS / 1000),
    });
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all(backends.map((b) => b.close()));
  });

  it('sends a replica traffic only once it is ready', async () => {
    const { a, b, publish, url } = await pair();
    await publish([
      { id: 'a', endpoint: a.endpoint },
      { id: 'b', endpoint: b.endpoint, ready: false },
    ]);
    await inParallel(20, 4, async () => void (await h.call(url('/'))));
    expect([a.count(), b.count()]).toEqual([20, 0]);
    await publish([
      { id: 'a', endpoint: a.endpoint },
      { id: 'b', endpoint: b.endpoint },
    ]);
    await inParallel(20, 4, async () => void (await h.call(url('/'))));
    expect(b.count()).toBeGreaterThan(0);
  });

  it.each([
    ['flagged draining', (a: Backend) => [{ id: 'a', endpoint: a.endpoint, draining: true }]],
    ['removed from the routing entry', () => []],
  ])(
    'lets a long request finish on a replica %s, sends it nothing new, and releases its pool after the minimum draining period',
    async (_how, drainingA) => {
      const { a, b, publish, url } = await pair();
      await publish([
        { id: 'a', endpoint: a.endpoint },
        { id: 'b', endpoint: b.endpoint },
      ]);
      // One long request lands on each replica (least outstanding spreads them).
      const long = [h.call(url('/hold')), h.call(url('/hold'))];
      await eventually(async () => (a.heldCount === 1 && b.heldCount === 1 ? true : undefined));

      const drainedAt = Date.now();
      await publish([...drainingA(a), { id: 'b', endpoint: b.endpoint }]);
      await inParallel(20, 4, async () => {
        expect((await h.call(url('/'))).json.backend).toBe(b.name);
      });
      expect(a.count('/hold')).toBe(1);
      expect(a.count()).toBe(1);

      // Past the minimum draining period, the request in flight still holds A's connection.
      await new Promise((r) => setTimeout(r, MIN_DRAINING_MS + 100 - (Date.now() - drainedAt)));
      expect(a.sockets.size).toBeGreaterThan(0);
      a.releaseHeld();
      b.releaseHeld();
      const replies = await Promise.all(long);
      expect(replies.map((r) => [r.status, r.json.backend]).sort()).toEqual([
        [200, a.name],
        [200, b.name],
      ]);
      // …and once it finished, the pool is released: the connection closes.
      await eventually(async () => (a.sockets.size === 0 ? true : undefined), 3000, 10);
      expect(b.sockets.size).toBeGreaterThan(0);
    },
  );

  it('keeps an idle drained pool open for the minimum draining period, not longer', async () => {
    const { a, b, publish, url } = await pair();
    await publish([
      { id: 'a', endpoint: a.endpoint },
      { id: 'b', endpoint: b.endpoint },
    ]);
    await inParallel(10, 2, async () => void (await h.call(url('/'))));
    expect(a.sockets.size).toBeGreaterThan(0);

    const drainedAt = Date.now();
    await publish([
      { id: 'a', endpoint: a.endpoint, draining: true },
      { id: 'b', endpoint: b.endpoint },
    ]);
    await eventually(async () => (a.sockets.size === 0 ? true : undefined), 5000, 5);
    const releasedAfter = Date.now() - drainedAt;
    console.log(
      `idle drained pool released after ${releasedAfter} ms (minimum ${MIN_DRAINING_MS} ms)`,
    );
    expect(releasedAfter).toBeGreaterThanOrEqual(MIN_DRAINING_MS - 5);
    // Well before any keep-alive timeout (4 s on our side, 5 s on the replica's).
    expect(releasedAfter).toBeLessThan(MIN_DRAINING_MS + 2500);
    const metrics = (await h.call(`${h.base}/metrics`)).text;
    expect(metrics).toMatch(/gateway_upstream_pools_released_total\{[^}]*\} [1-9]/);
  });

  it('keeps a pool whose replica comes back before the period is over', async () => {
    const { a, b, publish, url } = await pair();
    const both = (drainingA: boolean) =>
      publish([
        { id: 'a', endpoint: a.endpoint, draining: drainingA },
        { id: 'b', endpoint: b.endpoint },
      ]);
    await both(false);
    await inParallel(10, 2, async () => void (await h.call(url('/'))));
    const socketsBefore = new Set(a.sockets);
    await both(true);
    await both(false);
    // Asserting that something does NOT happen: wait out the period it would have happened in.
    await new Promise((r) => setTimeout(r, MIN_DRAINING_MS + 100));
    expect([...a.sockets].some((s) => socketsBefore.has(s))).toBe(true);
  });
});
