import { readReplicaLoads } from '@switchyard/routing';
import { eventually } from '@switchyard/testing';
import { request } from 'undici';
import { Backend } from './support/backend';
import { GatewayHarness } from './support/harness';

describe('request timeout', () => {
  let h: GatewayHarness;
  let backend: Backend;
  const publish = (service: string, requestTimeoutS?: number, maxOngoingRequests = 100) =>
    h.publish({
      service,
      requestTimeoutS,
      versions: [
        {
          name: 'v1',
          weight: 100,
          maxOngoingRequests,
          replicas: [{ id: 'r', endpoint: backend.endpoint }],
        },
      ],
    });

  beforeAll(async () => {
    h = await GatewayHarness.start({ GATEWAY_REQUEST_TIMEOUT_S: '1.5' });
    backend = await Backend.start('b');
  });
  afterAll(async () => {
    await h.stop();
    await backend.close();
  });

  it('answers 504 when the replica does not start answering within the gateway default', async () => {
    const entry = await publish('dflt');
    const started = Date.now();
    const reply = await h.call(h.url('/hold', 'proj', 'dflt'));
    const elapsed = Date.now() - started;
    expect(reply.status).toBe(504);
    expect(reply.json.error).toEqual({
      code: 'gateway_timeout',
      message: 'no response within 1.5 s',
      fields: [],
    });
    expect(elapsed).toBeGreaterThanOrEqual(1450);
    expect(elapsed).toBeLessThan(4000);
    // The attempt was abandoned: the replica's slot is free again.
    await eventually(async () => {
      await h.gateway.flushTelemetry();
      const loads = await readReplicaLoads(h.redis, h.prefix, entry.serviceId);
      return loads.replicas.length === 0 ? true : undefined;
    });
    await eventually(async () => (backend.inFlight === 0 ? true : undefined));
    backend.releaseHeld();
    expect((await h.call(h.url('/slow?ms=300', 'proj', 'dflt'))).status).toBe(200);
  });

  it('uses the per-service override (requestTimeoutS on the routing entry)', async () => {
    await publish('quick', 0.3);
    const started = Date.now();
    const reply = await h.call(h.url('/slow?ms=1000', 'proj', 'quick'));
    expect(reply.status).toBe(504);
    expect(reply.json.error.message).toBe('no response within 0.3 s');
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('counts time spent queued: 504 when the deadline comes first', async () => {
    await publish('queued', 0.4, 1);
    // A stream holds the only slot (its headers came in time, so its own deadline is met).
    const stream = await request(h.url('/sse?interval=1000', 'proj', 'queued'), {
      dispatcher: h.agent,
    });
    expect(stream.statusCode).toBe(200);
    const started = Date.now();
    const queued = await h.call(h.url('/', 'proj', 'queued'));
    expect(queued.status).toBe(504); // the queue would have waited 2 s: the deadline came first
    expect(Date.now() - started).toBeLessThan(1500);
    stream.body.destroy();
  });

  it('answers 504 when no replica became ready before the deadline', async () => {
    await h.publish({
      service: 'cold',
      requestTimeoutS: 0.4,
      versions: [
        {
          name: 'v1',
          weight: 100,
          replicas: [{ id: 'r', endpoint: backend.endpoint, ready: false }],
        },
      ],
    });
    const reply = await h.call(h.url('/', 'proj', 'cold'));
    expect(reply.status).toBe(504);
    expect(reply.json.error.code).toBe('gateway_timeout');
  });

  it('bounds only the wait for response headers: a stream outlives the deadline', async () => {
    await publish('stream', 0.3);
    const res = await request(h.url('/sse?interval=50', 'proj', 'stream'), { dispatcher: h.agent });
    expect(res.statusCode).toBe(200);
    let text = '';
    for await (const chunk of res.body) {
      text += chunk.toString();
      if ((text.match(/data:/g) ?? []).length >= 14) break; // ≈ 0.7 s, over twice the deadline
    }
    res.body.destroy();
    expect(text).toContain('data: b 13');
  });
});
