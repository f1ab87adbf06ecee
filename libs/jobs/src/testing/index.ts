import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { JobQueue } from '../queue';
import { TickChain } from '../tick-chain';

export interface TickChainFixture {
  redis: Redis;
  jobs: JobQueue;
  chain: TickChain;
  prefix: string;
}

/**
 * A TickChain on the real Redis and BullMQ, under a key prefix of its own, for one spec file:
 * created before its tests, the queue obliterated and the keys deleted after them. Call at
 * the top of a `describe`:
 *
 *   let t: TickChainFixture;
 *   useTickChain((fixture) => (t = fixture));
 */
export function useTickChain(receive: (fixture: TickChainFixture) => void): void {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `sy-test-ticks-${randomBytes(4).toString('hex')}`;
  let fixture: TickChainFixture | undefined;
  beforeAll(() => {
    const redis = new Redis(url);
    const jobs = new JobQueue(new Redis(url, { maxRetriesPerRequest: null }), prefix);
    fixture = { redis, jobs, chain: new TickChain(jobs, redis, prefix), prefix };
    receive(fixture);
  });
  afterAll(async () => {
    if (!fixture) return;
    await fixture.jobs.queue.obliterate({ force: true });
    await fixture.jobs.close();
    const keys = await fixture.redis.keys(`${prefix}:*`);
    if (keys.length) await fixture.redis.del(...keys);
    await fixture.redis.quit();
  });
}
