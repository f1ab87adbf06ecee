import type { Redis } from '@switchyard/platform';
import { entry } from '../test/fixtures';
import { RedisTestContext } from '../test/redis-test-context';
import { waitFor } from '../test/wait-for';
import { routingKeys } from './redis-keys';
import { routingEntrySchema } from './routing-entry';
import { RoutingPublisher } from './routing-publisher';
import { RoutingSubscriber, type RoutingSubscriberOptions } from './routing-subscriber';
import type { RoutingTable } from './routing-table';

const ctx = new RedisTestContext('subscriber');
let redis: Redis;
const subscribers: RoutingSubscriber[] = [];
beforeAll(() => {
  redis = ctx.connect();
});
afterAll(async () => {
  await Promise.all(subscribers.map((s) => s.close()));
  await ctx.cleanup();
});

let n = 0;
function setup() {
  const label = `t${++n}`;
  const prefix = ctx.scoped(label);
  const start = async (options: RoutingSubscriberOptions = {}) => {
    const s = await RoutingSubscriber.start(ctx.factory(label), prefix, options);
    subscribers.push(s);
    return s;
  };
  return {
    prefix,
    label,
    keys: routingKeys(prefix),
    publisher: new RoutingPublisher(redis, prefix),
    start,
  };
}

/** Writes an entry the way the publish script would, but announces nothing: a lost message. */
async function writeWithoutPublishing(
  keys: ReturnType<typeof routingKeys>,
  e: ReturnType<typeof entry>,
  bumpVersion: boolean,
) {
  const tx = redis
    .multi()
    .hset(keys.entries, e.serviceId, JSON.stringify(e))
    .hset(keys.revisions, e.serviceId, String(e.revision));
  if (bumpVersion) tx.incr(keys.version);
  await tx.exec();
}

describe('RoutingSubscriber', () => {
  it('sees a published change within milliseconds, by message (not by resync)', async () => {
    const { publisher, start } = setup();
    const changes: string[][] = [];
    const sub = await start({
      resyncIntervalMs: 5000,
      onChange: (_t, c) => changes.push(c.serviceIds),
    });
    expect(sub.table().size).toBe(0);
    await publisher.publish(entry('a', 1));
    const elapsed = await waitFor('entry a', () => sub.table().get('a')?.revision === 1, 500);
    expect(elapsed).toBeLessThan(500);
    expect(changes).toEqual([['a']]);

    await publisher.remove('a', 2);
    await waitFor('removal of a', () => sub.table().get('a') === undefined, 500);
    expect(sub.version).toBe(2);
  });

  it('converges at start when it starts after the publishes', async () => {
    const { publisher, start } = setup();
    for (let i = 0; i < 5; i++) await publisher.publish(entry(`s${i}`, 1, i * 10));
    await publisher.publish(entry('s0', 2, 50));
    await publisher.remove('s4', 2);
    const sub = await start();
    expect(sub.table().toJSON()).toEqual((await publisher.snapshot()).toJSON());
    expect(sub.table().size).toBe(4);
    expect(sub.version).toBe(7);
  });

  it('picks up a change whose message was lost within one resync interval (default 2 s)', async () => {
    const { keys, start } = setup();
    const sub = await start();
    const written = performance.now();
    await writeWithoutPublishing(keys, entry('lost', 1), false);
    await waitFor('the resync', () => sub.table().get('lost') !== undefined, 2500);
    const elapsed = performance.now() - written;
    console.log(`lost-message convergence: ${elapsed.toFixed(0)} ms (resync interval 2000 ms)`);
    expect(elapsed).toBeLessThanOrEqual(2000 + 250);
  });

  it('resyncs at once when a later message reveals a gap in the version sequence', async () => {
    const { keys, publisher, start } = setup();
    const sub = await start({ resyncIntervalMs: 5000 });
    await publisher.publish(entry('a', 1));
    await waitFor('a', () => sub.table().size === 1, 500);
    await writeWithoutPublishing(keys, entry('lost', 1), true);
    await publisher.publish(entry('b', 1));
    await waitFor(
      'the lost entry, long before the 5 s timer',
      () => sub.table().get('lost') !== undefined,
      1000,
    );
  });

  it('resyncs when its subscriber connection comes back after a drop', async () => {
    const { label, publisher, start } = setup();
    const sub = await start({ resyncIntervalMs: 5000 });
    const name = ctx.connectionName(label);
    const clients = (await redis.client('LIST')) as string;
    const pubsub = clients
      .split('\n')
      .filter((line) => line.includes(` name=${name} `) && /\bsub=1\b/.test(line));
    expect(pubsub).toHaveLength(1);
    const id = /\bid=(\d+)\b/.exec(pubsub[0]!)![1]!;
    await redis.client('KILL', 'ID', id);
    await publisher.publish(entry('while-down', 1)); // most likely published before the reconnect: lost
    await waitFor(
      'the entry published while disconnected',
      () => sub.table().get('while-down') !== undefined,
      1500,
    );
    await publisher.publish(entry('after', 1)); // and messages flow again on the new connection
    await waitFor(
      'the entry published after reconnecting',
      () => sub.table().get('after') !== undefined,
      1000,
    );
  });

  it('brings two subscribers to identical tables', async () => {
    const { keys, publisher, start } = setup();
    const first = await start({ resyncIntervalMs: 1000 });
    for (let i = 0; i < 10; i++) await publisher.publish(entry(`s${i}`, 1, i));
    const second = await start({ resyncIntervalMs: 1000 });
    await publisher.remove('s3', 2);
    await publisher.publish(entry('s5', 3, 90));
    await writeWithoutPublishing(keys, entry('lost', 1), false);
    const expected = JSON.stringify((await publisher.snapshot()).toJSON());
    const same = (t: RoutingTable) => JSON.stringify(t.toJSON()) === expected;
    await waitFor(
      'both subscribers to match Redis',
      () => same(first.table()) && same(second.table()),
      2000,
    );
    expect(first.table().toJSON()).toEqual(second.table().toJSON());
  });

  it('never shows a torn table during a burst of 200 updates', async () => {
    const { publisher, start } = setup();
    const services = ['a', 'b', 'c', 'd'];
    for (const s of services) await publisher.publish(entry(s, 0, 0));
    const observed: RoutingTable[] = [];
    const sub = await start({ resyncIntervalMs: 1000, onChange: (t) => observed.push(t) });

    // A reader that keeps sampling the table, as request handlers would, while updates land.
    let reading = true;
    const reader = (async () => {
      while (reading) {
        observed.push(sub.table());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const writes: Promise<unknown>[] = [];
    for (let i = 1; i <= 200; i++) {
      const weight = (i * 37) % 101;
      writes.push(publisher.publish(entry(services[i % services.length]!, i, weight)));
    }
    await Promise.all(writes);
    const expected = JSON.stringify((await publisher.snapshot()).toJSON());
    await waitFor('the final table', () => JSON.stringify(sub.table().toJSON()) === expected, 2000);
    reading = false;
    await reader;

    const lastRevision = new Map<string, number>();
    for (const table of new Set(observed)) {
      expect(table.size).toBe(services.length);
      for (const e of table.entries()) {
        expect(routingEntrySchema.safeParse(e).success).toBe(true);
        expect(e.versions.reduce((sum, v) => sum + v.weight, 0)).toBe(100);
        expect(table.bySlug(e.endpointSlug)).toBe(e);
      }
    }
    // Revisions only move forward, as each reader sees them in order.
    for (const table of observed) {
      for (const e of table.entries()) {
        expect(e.revision).toBeGreaterThanOrEqual(lastRevision.get(e.serviceId) ?? 0);
        lastRevision.set(e.serviceId, e.revision);
      }
    }
    expect(observed.length).toBeGreaterThan(1);
  });

  it('reports unreadable messages and entries without dropping what it has', async () => {
    const { keys, publisher, start } = setup();
    const errors: Error[] = [];
    await publisher.publish(entry('a', 1));
    const sub = await start({ resyncIntervalMs: 1000, onError: (e) => errors.push(e) });
    await redis.publish(keys.channel, 'not json');
    await redis.hset(keys.entries, 'a', '{"broken":true}');
    await redis.hset(keys.revisions, 'a', '2');
    await waitFor(
      'both errors',
      () =>
        errors.some((e) => /unreadable/.test(e.message)) &&
        errors.some((e) => /routing entry a ignored/.test(e.message)),
      2500,
    );
    expect(sub.table().get('a')?.revision).toBe(1);
  });

  it('refuses a resync interval outside 1..5 s', async () => {
    const { start } = setup();
    await expect(start({ resyncIntervalMs: 500 })).rejects.toThrow(RangeError);
    await expect(start({ resyncIntervalMs: 10_000 })).rejects.toThrow(RangeError);
  });

  it('stops updating after close()', async () => {
    const { publisher, start } = setup();
    const sub = await start({ resyncIntervalMs: 1000 });
    await sub.close();
    await publisher.publish(entry('a', 1));
    const other = await start();
    await waitFor('another subscriber to see it', () => other.table().size === 1, 500);
    expect(sub.table().size).toBe(0);
  });
});
