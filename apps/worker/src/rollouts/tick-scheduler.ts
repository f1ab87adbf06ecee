import { tickJobId, type JobQueue } from '@switchyard/jobs';
import type { Redis } from '@switchyard/platform';

const PENDING_STATES = new Set(['delayed', 'waiting', 'active', 'prioritized', 'waiting-children']);

/**
 * Schedules a rollout's next tick and remembers its job id in Redis, so the reconciler can
 * tell a rollout that has a tick coming from one that was stranded (Redis flushed, job lost).
 */
export class TickScheduler {
  constructor(
    private readonly jobs: JobQueue,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get key() {
    return `${this.prefix}:rollout-next-tick`;
  }

  async schedule(rolloutId: string, at: number, now: number): Promise<void> {
    const jobId = tickJobId(rolloutId, at);
    await this.jobs.enqueue('rollout.tick', { rolloutId }, { at, jobId }, now);
    await this.redis.hset(this.key, rolloutId, jobId);
  }

  async forget(rolloutId: string): Promise<void> {
    await this.redis.hdel(this.key, rolloutId);
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
