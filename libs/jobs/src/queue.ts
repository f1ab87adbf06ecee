import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobCatalog, QUEUE_NAME, type JobName, type JobPayload } from './catalog';

export interface EnqueueOptions {
  /** Run no earlier than this (epoch ms). */
  at?: number;
  /**
   * BullMQ drops an add whose job id already exists: ticks use ids derived from
   * (rollout, time) so two producers scheduling the same tick create one job.
   */
  jobId?: string;
  attempts?: number;
}

/** The typed producer side of the job catalog. */
export class JobQueue {
  readonly queue: Queue;

  /** Takes ownership of `connection`: BullMQ does not close connections it was handed, so we do. */
  constructor(
    private readonly connection: Redis,
    prefix: string,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection, prefix });
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options: EnqueueOptions = {},
    now = Date.now(),
  ): Promise<string> {
    const data = jobCatalog[name].parse(payload);
    const job = await this.queue.add(name, data, {
      jobId: options.jobId,
      delay: options.at !== undefined ? Math.max(0, options.at - now) : undefined,
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
    return job.id!;
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit();
  }
}
