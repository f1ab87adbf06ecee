import { eventually } from '@switchyard/testing';
import { Backend } from './support/backend';
import { GatewayHarness, inParallel } from './support/harness';

describe('routing updates from Redis', () => {
  let h: GatewayHarness;
  let one: Backend;
  let two: Backend;
  const only = (name: string, backend: Backend) => ({
    versions: [{ name, weight: 100, replicas: [{ id: name, endpoint: backend.endpoint }] }],
  });

  beforeAll(async () => {
    h = await GatewayHarness.start({}, { startGateway: false });
    [one, two] = await Promise.all([Backend.start('one'), Backend.start('two')]);
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all([one.close(), two.close()]);
  });

  it('has a gateway started late serve the current table within 2 s', async () => {
    await h.publish(only('v1', one));
    await h.publish(only('v2', two));
    const started = Date.now();
    const gateway = await h.startGateway();
    const reply = await eventually(
      async () => {
        const r = await h.call(h.url('/', 'proj', 'svc', gateway));
        return r.status === 200 ? r : undefined;
      },
      2000,
      10,
    );
    const elapsed = Date.now() - started;
    console.log(`late gateway served the current table ${elapsed} ms after starting`);
    expect(reply.json.backend).toBe('two');
    expect(elapsed).toBeLessThan(2000);
  });

  it('converges within 2 s after its pub/sub connection dropped and a change was missed', async () => {
    const gateway = h.gateway;
    // Drop this gateway's routing connections (by their client name) and change the route
    // while they are down: the change message is lost to it.
    const clients = (await h.redis.client('LIST')) as string;
    const ids = clients
      .split('\n')
      .filter((line) => line.includes(` name=gateway-${gateway.gatewayId}-routing `))
      .map((line) => /\bid=(\d+)/.exec(line)![1]!);
    expect(ids.length).toBe(2);
    for (const id of ids) await h.redis.client('KILL', 'ID', id);
    const changedAt = Date.now();
    await h.publish(only('v3', one), { wait: false });
    await eventually(
      async () => {
        const r = await h.call(h.url('/', 'proj', 'svc', gateway));
        return r.json?.backend === 'one' ? true : undefined;
      },
      2000,
      10,
    );
    const elapsed = Date.now() - changedAt;
    console.log(`reconnected gateway converged ${elapsed} ms after the missed change`);
    expect(elapsed).toBeLessThan(2000);
  });

  it('applies each change atomically: version and replicas always match, under load', async () => {
    const second = await h.startGateway(); // stateless: any number of gateways, same answers
    // Start from a table this test knows (the one before it left `v3`), applied by both.
    await h.publish(only('green', two));
    await eventually(
      async () =>
        (await h.call(h.url('/', 'proj', 'svc', second))).json?.backend === 'two'
          ? true
          : undefined,
      2000,
      10,
    );
    const mismatches: string[] = [];
    let flips = 0;
    let flipping = true;
    const flipper = (async () => {
      while (flipping) {
        await h.publish(flips++ % 2 === 0 ? only('blue', one) : only('green', two));
      }
    })();
    await inParallel(600, 8, async (i) => {
      const gateway = i % 2 === 0 ? h.gateway : second;
      const r = await h.call(h.url('/', 'proj', 'svc', gateway));
      const version = r.headers['x-switchyard-version'];
      const expected = version === 'blue' ? 'one' : version === 'green' ? 'two' : '?';
      if (r.status !== 200 || r.json.backend !== expected)
        mismatches.push(`${r.status} ${String(version)} ${r.json?.backend}`);
    });
    flipping = false;
    await flipper;
    console.log(`${flips} routing changes during 600 requests over two gateways`);
    expect(flips).toBeGreaterThan(10);
    expect(mismatches).toEqual([]);
    expect(second.routingVersion()).toBe(h.gateway.routingVersion());
  });
});
