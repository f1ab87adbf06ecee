import { once } from 'node:events';
import { readReplicaLoads } from '@switchyard/routing';
import { eventually, freePort } from '@switchyard/testing';
import { request } from 'undici';
import WebSocket from 'ws';
import { Backend } from './support/backend';
import { GatewayHarness } from './support/harness';

/** Opens a WebSocket and resolves once open (or with the refusal's status). */
function connect(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ ws?: WebSocket; status?: number; body?: string }>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    ws.once('error', reject);
  });
}

async function roundTrip(ws: WebSocket, text: string): Promise<string> {
  const reply = once(ws, 'message');
  ws.send(text);
  const [data] = await reply;
  return String(data);
}

describe('streams and WebSockets', () => {
  let h: GatewayHarness;
  let blue: Backend;
  let green: Backend;
  const TOKEN = 'ws-token';
  const publish = (greenWeight: number, extra: { maxOngoingRequests?: number } = {}) =>
    h.publish({
      tokens: [TOKEN],
      versions: [
        {
          name: 'blue',
          weight: 100 - greenWeight,
          ...extra,
          replicas: [{ id: 'blue-1', endpoint: blue.endpoint }],
        },
        {
          name: 'green',
          weight: greenWeight,
          ...extra,
          replicas: [{ id: 'green-1', endpoint: green.endpoint }],
        },
      ],
    });
  const auth = { authorization: `Bearer ${TOKEN}` };
  const wsUrl = (path = '/ws') => h.url(path).replace(/^http/, 'ws');

  beforeAll(async () => {
    h = await GatewayHarness.start();
    [blue, green] = await Promise.all([Backend.start('blue'), Backend.start('green')]);
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all([blue.close(), green.close()]);
  });

  it('passes server-sent events through unbuffered, and the stream survives a weight change', async () => {
    await publish(0);
    const res = await request(h.url('/sse?interval=40'), { headers: auth, dispatcher: h.agent });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const events: string[] = [];
    let shifted = false;
    for await (const chunk of res.body) {
      events.push(...String(chunk).match(/data: [^\n]+/g)!);
      if (!shifted && events.length >= 2) {
        shifted = true;
        await publish(100); // all new traffic to green
        expect((await h.call(h.url('/'), { headers: auth })).json.backend).toBe('green');
      }
      if (events.length >= 8) break;
    }
    res.body.destroy();
    // Each event arrived on its own (the stream never ends, so a buffering proxy would hang),
    // all of them from the replica the stream started on.
    expect(events.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `data: blue ${i}`));
  });

  it('proxies a WebSocket that stays open across a weight change', async () => {
    await publish(0);
    const plainRequests = blue.seen.length;
    const { ws } = await connect(wsUrl(), auth);
    expect(await roundTrip(ws!, 'hello')).toBe('blue:hello');
    expect(blue.seen).toHaveLength(plainRequests); // an upgrade is not a plain request
    await publish(100);
    expect(await roundTrip(ws!, 'still there?')).toBe('blue:still there?');
    const { ws: fresh } = await connect(wsUrl(), auth);
    expect(await roundTrip(fresh!, 'new')).toBe('green:new');
    ws!.close();
    fresh!.close();
    await Promise.all([once(ws!, 'close'), once(fresh!, 'close')]);
  });

  it('keeps a WebSocket open on its replica through draining and removal; new ones go elsewhere', async () => {
    // One version, two replicas: the socket opens on blue's, which then drains and goes away.
    const replicas = (...list: { id: string; endpoint: string; draining?: boolean }[]) =>
      h.publish({ tokens: [TOKEN], versions: [{ name: 'blue', weight: 100, replicas: list }] });
    await replicas({ id: 'r-blue', endpoint: blue.endpoint });
    const { ws } = await connect(wsUrl(), auth);
    expect(await roundTrip(ws!, 'before')).toBe('blue:before');

    await replicas(
      { id: 'r-blue', endpoint: blue.endpoint, draining: true },
      { id: 'r-green', endpoint: green.endpoint },
    );
    expect(await roundTrip(ws!, 'draining')).toBe('blue:draining');
    const { ws: fresh } = await connect(wsUrl(), auth);
    expect(await roundTrip(fresh!, 'new')).toBe('green:new');

    await replicas({ id: 'r-green', endpoint: green.endpoint });
    // Past the minimum draining period (0.2 s in this harness): the time is what is tested here.
    await new Promise((r) => setTimeout(r, 600));
    expect(await roundTrip(ws!, 'removed')).toBe('blue:removed');
    ws!.close();
    fresh!.close();
    await Promise.all([once(ws!, 'close'), once(fresh!, 'close')]);
  });

  it('authorizes, pins and counts WebSockets like requests', async () => {
    await publish(0, { maxOngoingRequests: 1 });
    const refused = await connect(wsUrl(), {});
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body!).error.code).toBe('unauthenticated');

    const { ws } = await connect(wsUrl(), { ...auth, 'x-switchyard-version': 'canary' });
    expect(await roundTrip(ws!, 'pinned')).toBe('green:pinned');
    // An open WebSocket holds one of its replica's max_ongoing_requests slots.
    await eventually(async () => {
      await h.gateway.flushTelemetry();
      const loads = await readReplicaLoads(h.redis, h.prefix, 'proj-svc');
      return loads.replicas.some((r) => r.replicaId === 'green-1' && r.ongoing === 1)
        ? true
        : undefined;
    });
    expect((await h.call(`${h.base}/metrics`)).text).toMatch(
      /gateway_websockets_open\{[^}]*version="green"[^}]*\} 1/,
    );
    ws!.close();
    await once(ws!, 'close');
    await eventually(async () => {
      await h.gateway.flushTelemetry();
      const loads = await readReplicaLoads(h.redis, h.prefix, 'proj-svc');
      return loads.replicas.length === 0 ? true : undefined;
    });
  });

  it("relays a replica's refusal to upgrade, and 404s unknown services", async () => {
    await publish(0);
    const refused = await connect(wsUrl('/ws-refuse'), auth);
    expect(refused).toEqual({ status: 403, body: 'nope!\n' });
    const unknown = await connect(h.url('/ws', 'proj', 'nothing').replace(/^http/, 'ws'));
    expect(unknown.status).toBe(404);
    const offService = await connect(`ws://127.0.0.1:${h.gateway.port}/ws`);
    expect(offService.status).toBe(404);
  });

  it('retries an upgrade whose replica refuses connections on another replica', async () => {
    await h.publish({
      service: 'wsretry',
      versions: [
        {
          name: 'v1',
          weight: 100,
          replicas: [
            { id: 'dead', endpoint: `http://127.0.0.1:${await freePort()}` },
            { id: 'live', endpoint: blue.endpoint },
          ],
        },
      ],
    });
    for (let i = 0; i < 4; i++) {
      const { ws } = await connect(h.url('/ws', 'proj', 'wsretry').replace(/^http/, 'ws'));
      expect(await roundTrip(ws!, `try ${i}`)).toBe(`blue:try ${i}`);
      ws!.close();
    }
  });
});
