import type { ProviderFor } from '../providers/provider-registry';
import type { Db } from '@switchyard/db';
import type { Logger } from '@switchyard/platform';
import { decide, type RolloutMachineState } from '@switchyard/rollout';
import type { Histogram } from 'prom-client';
import { executeCommands } from './execute';
import { observe, runningFacts } from './observe';
import { persistTick, StaleTickError } from './persist';
import { BatchedLoader } from '../db/batched-loader';
import { loadRolloutContexts, type RolloutContext } from './rollout-context';
import { tickChangesNothing, tickWrites } from './tick-writes';
import { TERMINAL } from './states';

export interface TickOutcome {
  /** When the next tick is due (epoch ms), or null when the rollout is over. */
  nextTickAt: number | null;
  outcome: 'advanced' | 'unchanged' | 'finished' | 'stale' | 'missing';
  /** This tick wrote to Postgres (so the service's routing entry may have changed). */
  persisted: boolean;
  serviceId?: string;
}

/**
 * One tick of one rollout — the fixed shell around the pure state machine:
 * load → (terminal: no-op) → observe → decide → execute idempotently → persist state and
 * events in one transaction (optimistic version) → the caller schedules and publishes only
 * after that commit. Any worker may run any tick; a tick that loses a race writes nothing.
 */
export class RolloutTicker {
  /** Ticks that start together share one load statement. */
  private readonly contexts: BatchedLoader<RolloutContext>;

  constructor(
    private readonly db: Db,
    private readonly providerFor: ProviderFor,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly tickDuration?: Histogram,
    private readonly onTick?: (seconds: number) => void,
  ) {
    this.contexts = new BatchedLoader((ids) => loadRolloutContexts(db, ids));
  }

  async tick(rolloutId: string): Promise<TickOutcome> {
    const started = process.hrtime.bigint();
    try {
      return await this.run(rolloutId);
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.tickDuration?.observe(seconds);
      this.onTick?.(seconds);
    }
  }

  private async run(rolloutId: string): Promise<TickOutcome> {
    const ctx = await this.contexts.load(rolloutId);
    if (!ctx) return { nextTickAt: null, outcome: 'missing', persisted: false };
    if (TERMINAL.has(ctx.rollout.state))
      return {
        nextTickAt: null,
        outcome: 'finished',
        serviceId: ctx.rollout.serviceId,
        persisted: false,
      };

    const { observations, statuses } = await observe(ctx, (cluster) => this.providerFor(cluster));
    const now = this.clock();
    const machine = ctx.rollout.machine as unknown as RolloutMachineState;
    const decision = decide(machine, observations, now);
    const effects = await executeCommands(this.db, ctx, decision.commands, this.providerFor);
    effects.clusterFacts.push(...runningFacts(ctx, statuses));
    if (tickChangesNothing({ ctx, changed: decision.changed, observations, statuses, effects })) {
      return { nextTickAt: decision.nextTickAt, outcome: 'unchanged', persisted: false };
    }
    try {
      await persistTick(
        this.db,
        tickWrites({
          ctx,
          machine: decision.state,
          observations,
          statuses,
          effects,
          now: new Date(now),
        }),
      );
    } catch (error) {
      if (error instanceof StaleTickError) {
        this.logger.info({ rolloutId }, 'stale tick: another worker advanced this rollout');
        return { nextTickAt: null, outcome: 'stale', persisted: false };
      }
      throw error;
    }
    if (decision.commands.length > 0) {
      this.logger.info(
        {
          rolloutId,
          phase: decision.state.phase,
          seq: decision.state.seq,
          commands: decision.commands.map((c) => c.kind),
        },
        'rollout advanced',
      );
    }
    const finished = TERMINAL.has(decision.state.phase as never);
    return {
      nextTickAt: decision.nextTickAt,
      outcome: finished ? 'finished' : decision.changed ? 'advanced' : 'unchanged',
      serviceId: ctx.rollout.serviceId,
      persisted: true,
    };
  }
}
