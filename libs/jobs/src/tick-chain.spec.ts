import { randomUUID } from 'node:crypto';
import { tickJobId } from './tick-ids';
import { useTickChain, type TickChainFixture } from './testing';

// Real Redis and BullMQ, a prefix of its own: the chain's head is what BullMQ and the hash say.
describe('TickChain: one chain of ticks per rollout', () => {
  let t: TickChainFixture;
  useTickChain((fixture) => (t = fixture));
  const NOW = Date.now();

  it('the last tick scheduled is the head: it leads, an earlier one still pending does not', async () => {
    const rollout = randomUUID();
    await t.chain.schedule(rollout, NOW + 60_000, NOW); // the hold's next check, delayed
    await t.chain.schedule(rollout, NOW, NOW); // a command's tick, now
    expect(await t.chain.leads(rollout, tickJobId(rollout, NOW))).toBe(true);
    expect(await t.chain.leads(rollout, tickJobId(rollout, NOW + 60_000))).toBe(false);
    expect(await t.chain.stranded([rollout])).toEqual([]);
  });

  it('with no head recorded (a flushed hash), any tick leads', async () => {
    const rollout = randomUUID();
    expect(await t.chain.leads(rollout, tickJobId(rollout, NOW))).toBe(true);
    await t.chain.schedule(rollout, NOW + 1000, NOW);
    await t.chain.forget(rollout);
    expect(await t.chain.leads(rollout, 'tick-anything')).toBe(true);
  });

  it('a head that will never run (removed, or failed for good) lets another tick lead, and strands the rollout', async () => {
    const rollout = randomUUID();
    await t.chain.schedule(rollout, NOW + 60_000, NOW);
    await t.jobs.queue.remove(tickJobId(rollout, NOW + 60_000));
    expect(await t.chain.leads(rollout, tickJobId(rollout, NOW - 5000))).toBe(true);
    expect(await t.chain.stranded([rollout])).toEqual([rollout]);
  });
});
