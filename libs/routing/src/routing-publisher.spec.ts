import type { Redis } from '@switchyard/platform';
import { entry } from '../test/fixtures';
import { RedisTestContext } from '../test/redis-test-context';
import { waitFor } from '../test/wait-for';
import { routingKeys } from './redis-keys';
import { InvalidRoutingDataError, RoutingPublisher } from './routing-publisher';

const ctx = new RedisTestContext('publisher');
let redis: Redis;
let listener: Redis;
afterAll(() => ctx.cleanup());
beforeAll(() => {
  redis = ctx.connect();
  listener = ctx.connect();
});

let n = 0;
/** A publisher on a fresh sub-prefix, plus the messages its channel carried. */
async function setup() {
  const prefix = ctx.scoped(`t${++n}`);
  const keys = routingKeys(prefix);
  const messages: any[] = [];
  listener.on('message', (channel: string, raw: string) => {
    if (channel === keys.channel) messages.push(JSON.parse(raw));
  });
  await listener.subscribe(keys.channel);
  return { publisher: new RoutingPublisher(redis, prefix), keys, messages };
}

describe('RoutingPublisher', () => {
  it('round-trips publish → snapshot, bumps the version and announces the whole entry', async () => {
    const { publisher, keys, messages } = await setup();
    const a = entry('a', 1, 10);
    const b = entry('b', 7);
    expect(await publisher.publish(a)).toEqual({ applied: true, revision: 1, version: 1 });
    expect(await publisher.publish(b)).toEqual({ applied: true, revision: 7, version: 2 });

    const table = await publisher.snapshot();
    expect(table.toJSON()).toEqual({ a, b });
    expect(table.bySlug(a.endpointSlug)?.serviceId).toBe('a');
    expect(await redis.get(keys.version)).toBe('2');
    expect(await redis.hgetall(keys.revisions)).toEqual({ a: '1', b: '7' });

    await waitFor('two change messages', () => messages.length === 2, 2000);
    expect(messages[0]).toEqual({
      kind: 'upsert',
      version: 1,
      serviceId: 'a',
      revision: 1,
      entry: a,
    });
    expect(messages[1]).toMatchObject({ kind: 'upsert', version: 2, serviceId: 'b', revision: 7 });
  });

  it('ignores a revision at or below the stored one: no write, no version bump, no message', async () => {
    const { publisher, keys, messages } = await setup();
    await publisher.publish(entry('a', 5, 50));
    expect(await publisher.publish(entry('a', 4, 10))).toEqual({
      applied: false,
      revision: 5,
      version: 1,
    });
    expect(await publisher.publish(entry('a', 5, 20))).toEqual({
      applied: false,
      revision: 5,
      version: 1,
    });
    expect((await publisher.snapshot()).get('a')?.versions[1]?.weight).toBe(50);
    expect(await redis.get(keys.version)).toBe('1');
    // A later, applied publish proves the refused ones were never announced (messages keep order).
    await publisher.publish(entry('a', 6, 60));
    await waitFor('the applied change', () => messages.length >= 2, 2000);
    expect(messages.map((m) => m.revision)).toEqual([5, 6]);
  });

  it('keeps a tombstone so an older publish cannot resurrect a removed service', async () => {
    const { publisher, keys, messages } = await setup();
    await publisher.publish(entry('a', 3));
    expect(await publisher.remove('a', 4)).toEqual({ applied: true, revision: 4, version: 2 });
    expect((await publisher.snapshot()).get('a')).toBeUndefined();
    expect(await redis.hexists(keys.entries, 'a')).toBe(0);

    expect((await publisher.publish(entry('a', 3))).applied).toBe(false);
    expect((await publisher.publish(entry('a', 4))).applied).toBe(false);
    expect((await publisher.remove('a', 2)).applied).toBe(false);
    expect((await publisher.snapshot()).size).toBe(0);

    // A genuinely newer revision (e.g. the service re-enabled) is accepted.
    expect((await publisher.publish(entry('a', 5))).applied).toBe(true);
    await waitFor('three messages', () => messages.length === 3, 2000);
    expect(messages[1]).toEqual({ kind: 'remove', version: 2, serviceId: 'a', revision: 4 });
  });

  it('lets the newest revision win whatever order concurrent writers reach Redis in', async () => {
    const { publisher } = await setup();
    const revisions = Array.from({ length: 50 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      revisions.map((r) => publisher.publish(entry('a', r, r % 101))),
    );
    expect((await publisher.snapshot()).get('a')?.revision).toBe(50);
    expect(results.every((r) => r.revision <= 50)).toBe(true);
  });

  it('validates before writing anything', async () => {
    const { publisher, keys } = await setup();
    const bad = { ...entry('a', 1), versions: [{ ...entry('a', 1).versions[0]!, weight: 90 }] };
    await expect(publisher.publish(bad)).rejects.toThrow(/sum to 90/);
    await expect(publisher.remove('a', -1)).rejects.toThrow(/invalid revision/);
    expect(await redis.exists(keys.entries, keys.revisions, keys.version)).toBe(0);
  });

  it('snapshot() refuses to hide invalid data that reached Redis', async () => {
    const { publisher, keys } = await setup();
    await publisher.publish(entry('a', 1));
    await redis.hset(keys.entries, 'b', '{"not":"an entry"}');
    await redis.hset(keys.revisions, 'b', '1');
    await expect(publisher.snapshot()).rejects.toThrow(InvalidRoutingDataError);
  });

  it('rejects a prefix that could collide with other keys', () => {
    expect(() => new RoutingPublisher(redis, 'bad prefix')).toThrow(/invalid Redis prefix/);
  });
});
