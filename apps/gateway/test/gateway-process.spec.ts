import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger, createRedis, loadEnv, type Redis } from '@switchyard/platform';
import { readReplicaLoads, RoutingPublisher } from '@switchyard/routing';
import { eventually, freePort, startTsProcess, type RunningProcess } from '@switchyard/testing';
import { gatewayEnvSchema } from '../src/config';
import { startGateway } from '../src/gateway';
import { Backend } from './support/backend';
import { serviceEntry } from './support/entries';

describe('gateway process', () => {
  const prefix = `sy-test-gwproc-${randomBytes(6).toString('hex')}`;
  let gateway: RunningProcess;
  let backend: Backend;
  let redis: Redis;

  beforeAll(async () => {
    backend = await Backend.start('replica');
    redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await gateway?.stop('SIGKILL').catch(() => undefined);
    await backend.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('boots, routes a published service by path and host, reports loads, and stops on SIGTERM', async () => {
    const publisher = new RoutingPublisher(redis, prefix);
    const entry = serviceEntry(
      {
        project: 'demo',
        service: 'hello',
        tokens: ['secret'],
        versions: [
          { name: 'v1', weight: 100, replicas: [{ id: 'r1', endpoint: backend.endpoint }] },
        ],
      },
      1,
    );
    await publisher.publish(entry);

    gateway = startTsProcess('apps/gateway/src/main.ts', {
      GATEWAY_PORT: '0',
      REDIS_PREFIX: prefix,
      GATEWAY_ID: 'gw-process-test',
      LOG_LEVEL: 'info',
    });
    const started = await gateway.waitForLog((l) => l.msg === 'gateway listening');
    expect(started).toMatchObject({ gatewayId: 'gw-process-test', services: 1 });
    const base = `http://127.0.0.1:${started.port as number}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const unknown = await fetch(`${base}/s/demo/nothing/`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { code: 'not_found', message: 'no service at this address', fields: [] },
      requestId: expect.any(String),
    });

    const auth = { authorization: 'Bearer secret' };
    expect((await fetch(`${base}/s/demo/hello/x`)).status).toBe(401);
    const byPath = await fetch(`${base}/s/demo/hello/x?y=1`, { headers: auth });
    expect(await byPath.json()).toMatchObject({ backend: 'replica', url: '/x?y=1' });
    // fetch cannot set Host; undici's lower-level request can.
    const { request } = await import('undici');
    const byHost = await request(`${base}/x`, {
      headers: { ...auth, host: 'hello--demo.localhost' },
    });
    expect(await byHost.body.json()).toMatchObject({ backend: 'replica', url: '/x' });

    const slow = fetch(`${base}/s/demo/hello/hold`, { headers: auth });
    await eventually(async () => {
      const loads = await readReplicaLoads(redis, prefix, entry.serviceId);
      return loads.replicas[0]?.ongoing === 1 && loads.gateways.includes('gw-process-test')
        ? true
        : undefined;
    }, 5000);
    backend.releaseHeld();
    expect((await slow).status).toBe(200);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('app="gateway"');
    expect(metrics).toMatch(
      /gateway_requests_total\{[^}]*service="hello--demo"[^}]*status_class="2xx"/,
    );
    expect(await gateway.stop('SIGTERM')).toBe(0);
  });

  it('runs GATEWAY_WORKERS gateway processes on one port, each reporting its own loads', async () => {
    const publisher = new RoutingPublisher(redis, prefix);
    const entry = serviceEntry(
      {
        project: 'demo',
        service: 'multi',
        versions: [
          { name: 'v1', weight: 100, replicas: [{ id: 'r1', endpoint: backend.endpoint }] },
        ],
      },
      1,
    );
    await publisher.publish(entry);
    const port = await freePort();
    const cluster = startTsProcess('apps/gateway/src/main.ts', {
      GATEWAY_PORT: String(port),
      GATEWAY_WORKERS: '2',
      REDIS_PREFIX: prefix,
      GATEWAY_ID: 'gw-cluster',
      LOG_LEVEL: 'info',
    });
    try {
      await cluster.waitForLog(
        () => cluster.logs.filter((l) => l.msg === 'gateway listening').length === 2,
      );
      const ids = cluster.logs.filter((l) => l.msg === 'gateway listening').map((l) => l.gatewayId);
      expect(ids.sort()).toEqual(['gw-cluster-w1', 'gw-cluster-w2']);
      // Several connections: the primary hands them to the workers round-robin.
      const replies = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`http://127.0.0.1:${port}/s/demo/multi/x`, { headers: { connection: 'close' } }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
      await eventually(async () => {
        const loads = await readReplicaLoads(redis, prefix, entry.serviceId);
        return ['gw-cluster-w1', 'gw-cluster-w2'].every((id) => loads.gateways.includes(id))
          ? true
          : undefined;
      }, 5000);
      expect(await cluster.stop('SIGTERM')).toBe(0);
    } finally {
      await cluster.stop('SIGKILL').catch(() => undefined);
    }
  });

  it('fails its start, instead of crashing, when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const config = loadEnv(gatewayEnvSchema, {
      REDIS_PREFIX: prefix,
      GATEWAY_PORT: String((taken.address() as AddressInfo).port),
    });
    await expect(startGateway(config, createLogger('gateway', 'silent'))).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await new Promise((resolve) => taken.close(resolve));
  });

  it('refuses to start with an invalid setting, naming it', async () => {
    const bad = startTsProcess('apps/gateway/src/main.ts', {
      GATEWAY_PORT: '0',
      GATEWAY_QUEUE_MAX_WAIT_MS: 'soon',
    });
    let stderr = '';
    bad.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => bad.child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('GATEWAY_QUEUE_MAX_WAIT_MS');
  });
});
