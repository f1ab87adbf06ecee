import { randomUUID } from 'node:crypto';
import { tickJobId } from '@switchyard/jobs';
import { useTickChain, type TickChainFixture } from '@switchyard/jobs/testing';
import { createLogger } from '@switchyard/platform';
import type { RolloutTicker, TickOutcome } from '../src/rollouts/tick';
import { tickJob } from '../src/rollouts/tick-job';

// The chain rules of the tick job on real Redis and BullMQ; the tick itself is replaced by its
// outcome (the ticker has its own tests), since the rules depend on nothing else.
describe('the rollout.tick job keeps one chain of ticks going', () => {
  let t: TickChainFixture;
  useTickChain((fixture) => (t = fixture));
  const NOW = Date.now();

  function run(rolloutId: string, jobId: string, outcome: Partial<TickOutcome>) {
    const ticker = {
      tick: async () => ({ nextTickAt: null, outcome: 'unchanged', persisted: false, ...outcome }),
    } as unknown as RolloutTicker;
    const handle = tickJob({
      db: undefined as never, // only a failed last attempt touches Postgres
      ticker,
      chain: t.chain,
      clock: () => NOW,
      logger: createLogger('test', 'silent'),
      publishRouting: async () => undefined,
    });
    return handle({ rolloutId }, { jobId, attempt: 1, lastAttempt: false });
  }
  const head = (rolloutId: string) => t.redis.hget(`${t.prefix}:rollout-next-tick`, rolloutId);

  it('the head schedules the next tick; a tick that is not the head schedules nothing', async () => {
    const rollout = randomUUID();
    await t.chain.schedule(rollout, NOW + 60_000, NOW); // the head, still delayed
    await run(rollout, 'tick-from-a-command', { nextTickAt: NOW + 1000 });
    expect(await head(rollout)).toBe(tickJobId(rollout, NOW + 60_000));
    await run(rollout, tickJobId(rollout, NOW + 60_000), { nextTickAt: NOW + 2000 });
    expect(await head(rollout)).toBe(tickJobId(rollout, NOW + 2000));
  });

  it('a stale head schedules a tick now (the winner may have left the chain to it); a stale non-head does not', async () => {
    const rollout = randomUUID();
    await t.chain.schedule(rollout, NOW + 60_000, NOW);
    await run(rollout, 'tick-that-won-elsewhere', { outcome: 'stale' });
    expect(await head(rollout)).toBe(tickJobId(rollout, NOW + 60_000));
    await run(rollout, tickJobId(rollout, NOW + 60_000), { outcome: 'stale' });
    expect(await head(rollout)).toBe(tickJobId(rollout, NOW));
    expect(await t.jobs.queue.getJobState(tickJobId(rollout, NOW))).toBe('waiting');
  });

  it('a rollout that is over leaves the chain', async () => {
    const rollout = randomUUID();
    await t.chain.schedule(rollout, NOW + 60_000, NOW);
    await run(rollout, tickJobId(rollout, NOW + 60_000), { outcome: 'finished' });
    expect(await head(rollout)).toBeNull();
  });
});
