import type { Redis } from 'ioredis';
import type { JobQueue } from './queue';
import { tickJobId } from './tick-ids';

const PENDING_STATES = new Set(['delayed', 'waiting', 'active', 'prioritized', 'waiting-children']);

/**
 * A rollout's ticks form ONE chain: each tick schedules the next, and Redis records the chain's
 * head (the last tick scheduled) so that
 * - the reconciler can tell a rollout with a tick coming from one that was stranded (Redis
 *   flushed, job failed for good), and
 * - a tick that is not the head — the deploy's or a command's tick, enqueued while another was
 *   pending — does its work but schedules nothing, instead of starting a second chain that would
 *   tick the rollout twice per interval until it ends (`leads`).
 * The API and the worker schedule through this one class, so both record what they enqueue.
 */
export class TickChain {
  constructor(
    private readonly jobs: JobQueue,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get key() {
    return `${this.prefix}:rollout-next-tick`;
  }

  /** Enqueues the rollout's tick due at `at` and makes it the chain's head. */
  async schedule(rolloutId: string, at: number, now: number): Promise<void> {
    const jobId = tickJobId(rolloutId, at);
    await this.jobs.enqueue('rollout.tick', { rolloutId }, { at, jobId }, now);
    await this.redis.hset(this.key, rolloutId, jobId);
  }

  async forget(rolloutId: string): Promise<void> {
    await this.redis.hdel(this.key, rolloutId);
  }

  /**
   * Whether the tick job `jobId` may schedule the rollout's next tick: it is the chain's head,
   * or there is no head, or the head will never run (completed, failed, lost). Two ticks that
   * both find the head gone may both go on; the chain is one again at their next tick.
   */
  async leads(rolloutId: string, jobId: string): Promise<boolean> {
    const head = await this.redis.hget(this.key, rolloutId);
    if (head === null || head === jobId) return true;
    return !PENDING_STATES.has(await this.jobs.queue.getJobState(head));
  }

  /** The rollouts among `rolloutIds` with no tick waiting, delayed or running. */
  async stranded(rolloutIds: string[]): Promise<string[]> {
    if (rolloutIds.length === 0) return [];
    const jobIds = await this.redis.hmget(this.key, ...rolloutIds);
    const stranded: string[] = [];
    await Promise.all(
      rolloutIds.map(async (rolloutId, i) => {
        const jobId = jobIds[i];
        const state = jobId ? await this.jobs.queue.getJobState(jobId) : 'unknown';
        if (!PENDING_STATES.has(state)) stranded.push(rolloutId);
      }),
    );
    return stranded;
  }
}
