import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  buildHandlerTable,
  parsePayload,
  QUEUE_NAME,
  type HandlerRegistration,
  type JobName,
} from '@switchyard/jobs';
import type { Logger } from '@switchyard/platform';

/**
 * Consumes the job queue, dispatching each job to its one handler after validating its
 * payload against the catalog. Construction fails (and the worker does not start) when the
 * handlers do not cover the catalog exactly.
 */
export class JobRunner {
  private readonly worker: Worker;
  private readonly connection: Redis;

  constructor(options: {
    connection: Redis;
    prefix: string;
    concurrency: number;
    /** A job's claim; renewed every half of it while the handler runs (see JOB_LOCK_MS). */
    lockMs: number;
    handlers: HandlerRegistration[];
    logger: Logger;
  }) {
    const table = buildHandlerTable(options.handlers);
    this.connection = options.connection;
    this.worker = new Worker(
      QUEUE_NAME,
      async (job: Job) => {
        const registration = table.get(job.name as JobName);
        if (!registration) throw new Error(`no handler for job "${job.name}"`);
        await registration.handle(parsePayload(job.name as JobName, job.data), {
          jobId: job.id ?? '',
          attempt: job.attemptsMade + 1,
          lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        });
      },
      {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        lockDuration: options.lockMs,
        stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
        autorun: false,
      },
    );
    this.worker.on('failed', (job, error) =>
      options.logger.warn(
        { job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error },
        'job failed',
      ),
    );
    this.worker.on('error', (error) => options.logger.error({ err: error }, 'job runner error'));
  }

  start(): void {
    void this.worker.run();
  }

  async close(): Promise<void> {
    await this.worker.close();
    // BullMQ leaves connections it was handed open.
    await this.connection.quit();
  }
}
