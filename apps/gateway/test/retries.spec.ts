import { freePort, startTsProcess, type RunningProcess } from '@switchyard/testing';
import { Backend } from './support/backend';
import { GatewayHarness, inParallel } from './support/harness';

const deadEndpoint = async () => `http://127.0.0.1:${await freePort()}`;
const metric = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);

describe('retries of undelivered requests', () => {
  let h: GatewayHarness;
  const backends: Backend[] = [];
  const children: RunningProcess[] = [];

  beforeAll(async () => {
    h = await GatewayHarness.start({ GATEWAY_RETRY_BODY_LIMIT_BYTES: '65536' });
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all(backends.map((b) => b.close()));
    await Promise.all(children.map((c) => c.stop('SIGKILL').catch(() => undefined)));
  });

  it('retries refused connections on another replica, for every method: zero failures', async () => {
    const live = await Backend.start('live');
    backends.push(live);
    await h.publish({
      service: 'refused',
      versions: [
        {
          name: 'v1',
          weight: 100,
          replicas: [
            { id: 'dead', endpoint: await deadEndpoint() },
            { id: 'live', endpoint: live.endpoint },
          ],
        },
      ],
    });
    const url = h.url('/echo', 'proj', 'refused');
    const statuses: number[] = [];
    await inParallel(60, 6, async (i) => {
      const reply =
        i % 2 === 0
          ? await h.call(url)
          : await h.call(url, { method: 'POST', body: `payload-${i}` });
      statuses.push(reply.status);
      if (i % 2 === 1) expect(reply.json.body).toBe(`payload-${i}`);
    });
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const metrics = (await h.call(`${h.base}/metrics`)).text;
    expect(
      metric(
        metrics,
        /gateway_retries_total\{[^}]*service="refused--proj"[^}]*reason="connect_failed"[^}]*\} (\d+)/,
      ),
    ).toBeGreaterThan(0);
  });

  it('has callers see no failure when a replica process is killed mid-load', async () => {
    const survivor = await Backend.start('survivor', { delayMs: 5 });
    backends.push(survivor);
    const child = startTsProcess('apps/gateway/test/support/backend-main.ts', {
      BACKEND_NAME: 'doomed',
      BACKEND_DELAY_MS: '5',
    });
    children.push(child);
    const { port } = await child.waitForLog((l) => l.msg === 'listening');
    await h.publish({
      service: 'killed',
      versions: [
        {
          name: 'v1',
          weight: 100,
          replicas: [
            { id: 'doomed', endpoint: `http://127.0.0.1:${port as number}` },
            { id: 'survivor', endpoint: survivor.endpoint },
          ],
        },
      ],
    });
    const url = h.url('/', 'proj', 'killed');
    const failures: string[] = [];
    const served: Record<string, number> = {};
    let killed = false;
    await inParallel(600, 8, async (i) => {
      if (i === 150) {
        killed = true;
        child.child.kill('SIGKILL'); // the control plane has not noticed: still in the table
      }
      const reply = await h.call(i % 3 === 0 ? `${url}?i=${i}` : url, {
        method: i % 3 === 2 ? 'POST' : 'GET',
        headers: i % 3 === 2 ? { 'idempotency-key': `k-${i}` } : {},
        body: i % 3 === 2 ? 'x' : undefined,
      });
      if (reply.status !== 200) failures.push(`${i}: ${reply.status} ${reply.text}`);
      else served[reply.json.backend] = (served[reply.json.backend] ?? 0) + 1;
    });
    expect(killed).toBe(true);
    expect(failures).toEqual([]);
    expect(served.doomed).toBeGreaterThan(0);
    expect(served.survivor).toBeGreaterThan(300);
    // Requests in flight on the killed replica lost their connection and were retried; later
    // ones were refused and retried (until the replica was avoided for a while).
    const metrics = (await h.call(`${h.base}/metrics`)).text;
    const retried = (reason: string) =>
      metric(
        metrics,
        new RegExp(
          `gateway_retries_total\\{[^}]*service="killed--proj"[^}]*reason="${reason}"[^}]*\\} (\\d+)`,
        ),
      );
    console.log(
      `killed replica: ${served.doomed} served before the kill, retries: ${retried('connection_lost')} connection_lost, ${retried('connect_failed')} connect_failed`,
    );
    expect(retried('connection_lost') + retried('connect_failed')).toBeGreaterThan(0);
  });

  it('retries a request whose connection died before an answer only if it is repeatable', async () => {
    const crasher = await Backend.start('crasher', { resetAll: true });
    const steady = await Backend.start('steady');
    backends.push(crasher, steady);
    await h.publish({
      service: 'reset',
      versions: [
        {
          name: 'v1',
          weight: 100,
          replicas: [
            { id: 'crasher', endpoint: crasher.endpoint },
            { id: 'steady', endpoint: steady.endpoint },
          ],
        },
      ],
    });
    const url = h.url('/work', 'proj', 'reset');
    const run = async (method: 'GET' | 'PUT' | 'POST', headers: Record<string, string> = {}) => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++)
        statuses.push(
          (await h.call(url, { method, headers, body: method === 'GET' ? undefined : 'b' })).status,
        );
      return statuses;
    };
    // Idempotent methods, and POSTs with an Idempotency-Key: retried, all answered.
    expect(await run('GET')).toEqual(Array(10).fill(200));
    expect(await run('PUT')).toEqual(Array(10).fill(200));
    expect(await run('POST', { 'idempotency-key': 'abc' })).toEqual(Array(10).fill(200));
    // A plain POST may have been acted on: never sent twice, answered 502.
    const before = crasher.count();
    const posts = await run('POST');
    const badGateway = posts.filter((s) => s === 502).length;
    expect(badGateway).toBeGreaterThan(0);
    expect(posts.filter((s) => s !== 502 && s !== 200)).toEqual([]);
    expect(crasher.count() - before).toBe(badGateway); // each one reached the crasher once, only
    const reply = await h.call(url, { method: 'POST', body: 'b' });
    if (reply.status === 502) expect(reply.json.error.code).toBe('bad_gateway');
  });

  it('gives up after GATEWAY_RETRY_ATTEMPTS more attempts: 502', async () => {
    await h.publish({
      service: 'alldead',
      versions: [
        {
          name: 'v1',
          weight: 100,
          replicas: await Promise.all(
            ['d1', 'd2', 'd3', 'd4'].map(async (id) => ({ id, endpoint: await deadEndpoint() })),
          ),
        },
      ],
    });
    const reply = await h.call(h.url('/', 'proj', 'alldead'));
    expect(reply.status).toBe(502);
    expect(reply.json.error.code).toBe('bad_gateway');
    const metrics = (await h.call(`${h.base}/metrics`)).text;
    expect(
      metric(metrics, /gateway_retries_total\{[^}]*service="alldead--proj"[^}]*\} (\d+)/),
    ).toBe(2);
  });

  it('moves unpinned requests to another weighted version when none of theirs can be reached', async () => {
    // The window between a canary's replicas dying and the engine moving its weight away.
    const primary = await Backend.start('steady');
    backends.push(primary);
    await h.publish({
      service: 'deadcanary',
      versions: [
        { name: 'v1', weight: 50, replicas: [{ id: 'p', endpoint: primary.endpoint }] },
        {
          name: 'v2',
          weight: 50,
          replicas: await Promise.all(
            ['c1', 'c2'].map(async (id) => ({ id, endpoint: await deadEndpoint() })),
          ),
        },
      ],
    });
    const url = h.url('/', 'proj', 'deadcanary');
    const replies: Array<{ status: number; version: unknown }> = [];
    await inParallel(80, 4, async (i) => {
      const reply =
        i % 2 === 0
          ? await h.call(url)
          : await h.call(url, { method: 'POST', body: `payload-${i}` });
      replies.push({ status: reply.status, version: reply.headers['x-switchyard-version'] });
    });
    expect(replies.filter((r) => r.status !== 200)).toEqual([]);
    expect(new Set(replies.map((r) => r.version))).toEqual(new Set(['v1']));
    const metrics = (await h.call(`${h.base}/metrics`)).text;
    expect(
      metric(
        metrics,
        /gateway_retries_total\{[^}]*service="deadcanary--proj"[^}]*reason="version_failover"[^}]*\} (\d+)/,
      ),
    ).toBeGreaterThan(0);
    // A pin is binding: the caller asked for that version, so it gets the 502.
    const pinned = await h.call(url, { headers: { 'x-switchyard-version': 'v2' } });
    expect(pinned.status).toBe(502);
  });

  it('streams bodies above the buffer limit through whole (one attempt, no buffering)', async () => {
    const sink = await Backend.start('sink');
    backends.push(sink);
    await h.publish({
      service: 'upload',
      versions: [{ name: 'v1', weight: 100, replicas: [{ id: 's', endpoint: sink.endpoint }] }],
    });
    const big = 'x'.repeat(300_000);
    const reply = await h.call(h.url('/up', 'proj', 'upload'), { method: 'POST', body: big });
    expect(reply.status).toBe(200);
    expect(reply.json.bodyLength).toBe(big.length);
    expect(sink.seen.at(-1)!.headers['content-length']).toBe(String(big.length));
  });
});
