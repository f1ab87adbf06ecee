import type { Db, RolloutState } from '@switchyard/db';
import { TERMINAL } from './states';

/** Long provider messages are cut: the reason is a timeline entry, not a log. */
const MAX_REASON_CHARS = 500;

/**
 * A rollout's tick failed on every attempt the queue gave it — not a decision of the state
 * machine but an exception: a cloud API down for longer than the retries, a bug. Its service
 * goes to SYSTEM_FAILURE ("Switchyard itself failed to act on the service; an operator must
 * look") and the error goes on the rollout's timeline, so the status says what until now only
 * the worker's log knew.
 *
 * Nothing is given up: the reconciler enqueues the rollout again within its interval, and the
 * first tick that gets through writes the service's state from the rollout's phase again, with
 * a SYSTEM_RECOVERED event (`tickWrites`). A terminal rollout, or a service already terminating,
 * failed or marked, is left as it is. Returns whether the service was marked.
 *
 * Cold path (once per exhausted job), so through Prisma: one transaction that holds the
 * rollout's row lock, as a tick's write does, while it numbers the event.
 */
export async function recordSystemFailure(
  db: Db,
  rolloutId: string,
  error: unknown,
  attempts: number,
  now: Date,
): Promise<boolean> {
  const message = error instanceof Error ? error.message : String(error);
  const reason = `tick failed on all ${attempts} attempts: ${message}`.slice(0, MAX_REASON_CHARS);
  return db.$transaction(async (tx) => {
    const [rollout] = await tx.$queryRaw<
      { orgId: string; serviceId: string; state: RolloutState }[]
    >`SELECT "orgId", "serviceId", "state" FROM "rollouts" WHERE "id" = ${rolloutId}::uuid FOR UPDATE`;
    if (!rollout || TERMINAL.has(rollout.state)) return false;
    const marked = await tx.service.updateMany({
      where: {
        id: rollout.serviceId,
        state: { notIn: ['SYSTEM_FAILURE', 'TERMINATING', 'TERMINATED'] },
      },
      data: { state: 'SYSTEM_FAILURE' },
    });
    if (marked.count === 0) return false;
    // A tick that loaded the rollout before this goes stale rather than writing over the mark
    // (its event numbers would also collide with this one's) and the next tick, loading the
    // marked service, writes the recovery.
    await tx.rollout.update({ where: { id: rolloutId }, data: { version: { increment: 1 } } });
    const last = await tx.rolloutEvent.aggregate({
      where: { rolloutId },
      _max: { seq: true },
    });
    await tx.rolloutEvent.create({
      data: {
        orgId: rollout.orgId,
        rolloutId,
        seq: (last._max.seq ?? 0) + 1,
        type: 'SYSTEM_FAILURE',
        fromState: rollout.state,
        toState: rollout.state,
        reason,
        createdAt: now,
      },
    });
    return true;
  });
}
