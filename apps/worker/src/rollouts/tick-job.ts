import type { Db } from '@switchyard/db';
import type { JobHandler, TickChain } from '@switchyard/jobs';
import type { Logger } from '@switchyard/platform';
import { recordSystemFailure } from './system-failure';
import type { RolloutTicker, TickOutcome } from './tick';

export interface TickJobDeps {
  db: Db;
  ticker: RolloutTicker;
  chain: TickChain;
  clock: () => number;
  logger: Logger;
  /** Publishes the service's routing entry (after a tick that wrote). */
  publishRouting: (serviceId: string) => Promise<void>;
}

/**
 * The `rollout.tick` job: one tick, then what keeps the rollout's one chain of ticks going.
 * - The chain's head schedules the next tick when the rollout wants one; a tick that is not the
 *   head (a deploy's or a command's, enqueued while another was pending) schedules nothing.
 * - A stale tick that is the head schedules one now: the tick that won the race may have found
 *   this one the head (and still running) and scheduled nothing itself.
 * - A rollout that is over leaves the chain.
 * - A tick that fails on its last attempt marks the service SYSTEM_FAILURE (`system-failure.ts`).
 */
export function tickJob(deps: TickJobDeps): JobHandler<'rollout.tick'> {
  const { chain, clock } = deps;
  return async ({ rolloutId }, { jobId, attempt, lastAttempt }) => {
    let outcome: TickOutcome;
    try {
      outcome = await deps.ticker.tick(rolloutId);
    } catch (error) {
      if (lastAttempt) await markSystemFailure(deps, rolloutId, error, attempt);
      throw error;
    }
    if (outcome.nextTickAt !== null) {
      if (await chain.leads(rolloutId, jobId))
        await chain.schedule(rolloutId, outcome.nextTickAt, clock());
    } else if (outcome.outcome === 'stale') {
      if (await chain.leads(rolloutId, jobId)) await chain.schedule(rolloutId, clock(), clock());
    } else {
      await chain.forget(rolloutId);
    }
    // Only a tick that wrote changes what gateways see; a lost publish is repaired by the reconciler.
    if (outcome.serviceId && outcome.persisted) await deps.publishRouting(outcome.serviceId);
  };
}

/** Never replaces the tick's own error: that is what the failed job must show. */
async function markSystemFailure(
  deps: TickJobDeps,
  rolloutId: string,
  error: unknown,
  attempts: number,
): Promise<void> {
  try {
    if (await recordSystemFailure(deps.db, rolloutId, error, attempts, new Date(deps.clock())))
      deps.logger.error(
        { rolloutId, err: error },
        'rollout tick failed on every attempt: service in SYSTEM_FAILURE',
      );
  } catch (markError) {
    deps.logger.error({ rolloutId, err: markError }, 'could not record the SYSTEM_FAILURE');
  }
}
