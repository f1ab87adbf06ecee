import type { Db } from '@switchyard/db';
import type { JobQueue, TickChain } from '@switchyard/jobs';
import type { Logger } from '@switchyard/platform';

/**
 * Postgres says which rollouts are active; Redis only holds their triggers. Every run
 * re-enqueues a tick for each active rollout that has none pending, and a termination job for
 * each service left TERMINATING — so a Redis flush or a killed worker strands nothing.
 */
export class Reconciler {
  constructor(
    private readonly db: Db,
    private readonly scheduler: TickChain,
    private readonly jobs: JobQueue,
    private readonly clock: () => number,
    private readonly logger: Logger,
    /** Republishes every routing entry Redis lacks, holds at an older revision, or holds for a terminated service. */
    private readonly republishStaleRoutes: () => Promise<number>,
  ) {}

  async run(): Promise<{ requeued: number; terminations: number; republished: number }> {
    const active = await this.db.rollout.findMany({
      where: { state: { notIn: ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'CANCELLED'] } },
      select: { id: true },
    });
    const stranded = await this.scheduler.stranded(active.map((r) => r.id));
    const now = this.clock();
    for (const rolloutId of stranded) await this.scheduler.schedule(rolloutId, now, now);

    const terminating = await this.db.service.findMany({
      where: {
        state: 'TERMINATING',
        rollouts: {
          none: { state: { notIn: ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'CANCELLED'] } },
        },
      },
      select: { id: true },
    });
    for (const { id } of terminating) {
      await this.jobs.enqueue(
        'service.terminate',
        { serviceId: id },
        { jobId: `terminate-${id}-${Math.floor(now / 60_000)}` },
        now,
      );
    }
    const republished = await this.republishStaleRoutes();
    if (stranded.length || terminating.length || republished) {
      this.logger.info(
        { requeued: stranded.length, terminations: terminating.length, republished },
        'reconciler restored work',
      );
    }
    return { requeued: stranded.length, terminations: terminating.length, republished };
  }
}
