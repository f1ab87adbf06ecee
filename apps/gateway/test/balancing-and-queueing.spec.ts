import { readReplicaLoads } from '@switchyard/routing';
import { eventually } from '@switchyard/testing';
import { Backend } from './support/backend';
import { GatewayHarness, inParallel, type Reply } from './support/harness';

describe('inside a version: least outstanding requests, caps, bounded queue', () => {
  let h: GatewayHarness;
  const backends: Backend[] = [];
  const start = async (name: string, delayMs = 0) => {
    const b = await Backend.start(name, { delayMs });
    backends.push(b);
    return b;
  };

  beforeAll(async () => {
    h = await GatewayHarness.start({
      GATEWAY_QUEUE_MAX_LENGTH: '2',
      GATEWAY_QUEUE_MAX_WAIT_MS: '400',
      GATEWAY_RETRY_AFTER_S: '2',
    });
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all(backends.map((b) => b.close()));
  });

  it('sends more requests to the replica with fewer in flight (a slow replica gets few)', async () => {
    const slow = await start('slow', 150);
    const fast = await start('fast');
    await h.publish({
      service: 'lor',
      versions: [
        {
          name: 'v1',
          weight: 100,
          replicas: [
            { id: 'slow', endpoint: slow.endpoint },
            { id: 'fast', endpoint: fast.endpoint },
          ],
        },
      ],
    });
    await inParallel(200, 4, async () => {
      expect((await h.call(h.url('/', 'proj', 'lor'))).status).toBe(200);
    });
    // Round-robin would give 100/100; least-outstanding keeps the slow one at ≤ 1 of 4 callers.
    expect(fast.count()).toBeGreaterThan(3 * slow.count());
  });

  it('caps each replica at maxOngoingRequests, queues beyond, and serves the queue as slots free up', async () => {
    const a = await start('a');
    const b = await start('b');
    const entry = await h.publish({
      service: 'capped',
      versions: [
        {
          name: 'v1',
          weight: 100,
          maxOngoingRequests: 2,
          replicas: [
            { id: 'a', endpoint: a.endpoint },
            { id: 'b', endpoint: b.endpoint },
          ],
        },
      ],
    });
    const url = h.url('/hold', 'proj', 'capped');
    const held = [1, 2, 3, 4].map(() => h.call(url));
    await eventually(async () => (a.heldCount + b.heldCount === 4 ? true : undefined));
    expect([a.heldCount, b.heldCount]).toEqual([2, 2]);

    const queued = h.call(url);
    // The queued request is visible in the load report the autoscaler reads.
    await eventually(async () => ((await queuedFor(h, entry.serviceId)) === 1 ? true : undefined));
    const loads = await readReplicaLoads(h.redis, h.prefix, entry.serviceId);
    expect(loads.replicas.map((r) => [r.replicaId, r.ongoing]).sort()).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    expect(a.heldCount + b.heldCount).toBe(4);

    a.releaseHeld();
    await eventually(async () => (a.heldCount === 1 ? true : undefined));
    b.releaseHeld();
    a.releaseHeld();
    const replies = await Promise.all([...held, queued]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('answers 503 with Retry-After when the queue is full, and when the wait runs out', async () => {
    const only = await start('only');
    await h.publish({
      service: 'tiny',
      versions: [
        {
          name: 'v1',
          weight: 100,
          maxOngoingRequests: 1,
          replicas: [{ id: 'o', endpoint: only.endpoint }],
        },
      ],
    });
    const url = h.url('/hold', 'proj', 'tiny');
    const first = h.call(url);
    await eventually(async () => (only.heldCount === 1 ? true : undefined));
    const started = Date.now();
    const waiting: Promise<Reply>[] = [h.call(url), h.call(url)]; // fill the queue (2)
    await eventually(
      async () => ((await queuedFor(h, 'proj-tiny')) === 2 ? true : undefined),
      2000,
      10,
    );

    const rejected = await h.call(url);
    expect(rejected.status).toBe(503);
    expect(rejected.headers['retry-after']).toBe('2');
    expect(rejected.json.error.code).toBe('unavailable');

    const timedOut = await Promise.all(waiting);
    expect(timedOut.map((r) => r.status)).toEqual([503, 503]);
    expect(timedOut[0]!.headers['retry-after']).toBe('2');
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);

    only.releaseHeld();
    expect((await first).status).toBe(200);
    expect(only.count('/hold')).toBe(1); // nothing queued ever reached it

    const metrics = (await h.call(`${h.base}/metrics`)).text;
    expect(metrics).toMatch(
      /gateway_unavailable_total\{[^}]*service="tiny--proj"[^}]*reason="queue_full"[^}]*\} 1/,
    );
    expect(metrics).toMatch(
      /gateway_unavailable_total\{[^}]*service="tiny--proj"[^}]*reason="queue_timeout"[^}]*\} 2/,
    );
  });

  it('waits for a cold start (no replica ready yet) beyond the overload queue wait, and serves once one is ready', async () => {
    const late = await start('late');
    const spec = (ready: boolean) => ({
      service: 'cold',
      versions: [
        { name: 'v1', weight: 100, replicas: [{ id: 'l', endpoint: late.endpoint, ready }] },
      ],
    });
    await h.publish(spec(false));
    const pending = h.call(h.url('/', 'proj', 'cold'));
    const queuedAt = Date.now();
    await eventually(
      async () => ((await queuedFor(h, 'proj-cold')) === 1 ? true : undefined),
      2000,
      10,
    );
    expect(late.count()).toBe(0);
    // Longer than GATEWAY_QUEUE_MAX_WAIT_MS (400 ms here): a scale-up from zero is not overload.
    await new Promise((r) => setTimeout(r, Math.max(0, 600 - (Date.now() - queuedAt))));
    expect(await queuedFor(h, 'proj-cold')).toBe(1);
    await h.publish(spec(true));
    expect((await pending).json).toMatchObject({ backend: 'late' });
  });
});

async function queuedFor(h: GatewayHarness, serviceId: string): Promise<number> {
  await h.gateway.flushTelemetry();
  const loads = await readReplicaLoads(h.redis, h.prefix, serviceId);
  return loads.queues.reduce((n, q) => n + q.queued, 0);
}
