import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { JobQueue } from './queue';
import { TickChain } from './tick-chain';
import { tickJobId } from './tick-ids';

// Real Redis and BullMQ, a prefix of its own: the chain's head is what BullMQ and the hash say.
describe('TickChain: one chain of ticks per rollout', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `sy-test-ticks-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let jobs: JobQueue;
  let chain: TickChain;
  const NOW = Date.now();

  beforeAll(() => {
    redis = new Redis(url);
    jobs = new JobQueue(new Redis(url, { maxRetriesPerRequest: null }), prefix);
    chain = new TickChain(jobs, redis, prefix);
  });
  afterAll(async () => {
    await jobs.queue.obliterate({ force: true });
    await jobs.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('the last tick scheduled is the head: it leads, an earlier one still pending does not', async () => {
    const rollout = randomUUID();
    await chain.schedule(rollout, NOW + 60_000, NOW); // the hold's next check, delayed
    await chain.schedule(rollout, NOW, NOW); // a command's tick, now
    expect(await chain.leads(rollout, tickJobId(rollout, NOW))).toBe(true);
    expect(await chain.leads(rollout, tickJobId(rollout, NOW + 60_000))).toBe(false);
    expect(await chain.stranded([rollout])).toEqual([]);
  });

  it('with no head recorded (a flushed hash), any tick leads', async () => {
    const rollout = randomUUID();
    expect(await chain.leads(rollout, tickJobId(rollout, NOW))).toBe(true);
    await chain.schedule(rollout, NOW + 1000, NOW);
    await chain.forget(rollout);
    expect(await chain.leads(rollout, 'tick-anything')).toBe(true);
  });

  it('a head that will never run (removed, or failed for good) lets another tick lead, and strands the rollout', async () => {
    const rollout = randomUUID();
    await chain.schedule(rollout, NOW + 60_000, NOW);
    await jobs.queue.remove(tickJobId(rollout, NOW + 60_000));
    expect(await chain.leads(rollout, tickJobId(rollout, NOW - 5000))).toBe(true);
    expect(await chain.stranded([rollout])).toEqual([rollout]);
  });
});
