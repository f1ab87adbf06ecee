import { runDemo, SHORT_PROFILE } from './demo/demo-scenario';
import { recordFigure } from './support/figures';
import { Stack } from './support/stack';
import { useStack } from './support/use-stack';

/**
 * Issue 6, the short version of bench/demo (`npm run bench:demo` runs the full one): the same
 * five phases under a steady load through the gateway, with second-scale rollout holds. Every
 * request must succeed; both failure phases must end ROLLED_BACK quickly; the worker crash must
 * not stop its rollout; the manual 30 % split and the pin header must hold.
 */
describe('bench/demo, short profile', () => {
  let stack: Stack;

  useStack((started) => (stack = started));

  it('loses no request in any of the five phases: deploys, unhealthy canary, SIGKILLed canary, worker crash, manual 30 % split with pins', async () => {
    const lines: string[] = [];
    const report = await runDemo(stack, SHORT_PROFILE, (line) => lines.push(line));
    process.stdout.write(lines.join('\n') + '\n');

    // No phase loses a request: not the deploys, not a canary turning unhealthy or SIGKILLed
    // (the gateway moves a request whose version cannot be reached to the primary), not the
    // worker crash, not the manual split. The failures' details are in the message if not.
    expect(report.failures).toEqual([]);
    for (const p of report.perPhase)
      expect({ phase: p.phase, failed: p.failed }).toEqual({ phase: p.phase, failed: 0 });
    expect(report.failed).toBe(0);
    for (const p of report.perPhase.filter((p) => p.phase !== 'end'))
      expect({ phase: p.phase, requests: p.total > 0 }).toEqual({ phase: p.phase, requests: true });
    expect(report.total).toBeGreaterThan(1000);
    // `service wait` judges the latest rollout, even one already rolled back when it started.
    expect(report.rollouts.map((r) => [r.phase, r.version, r.state])).toEqual([
      ['1-deploy-examples', 'hello-world', 'SUCCEEDED'],
      ['1-deploy-examples', 'hello-chat', 'SUCCEEDED'],
      ['1-deploy-examples', 'llm-chat', 'SUCCEEDED'],
      ['2-unhealthy-canary', 'unhealthy-canary', 'ROLLED_BACK'],
      ['3-canary-sigkilled', 'killed-canary', 'ROLLED_BACK'],
      ['4-worker-sigkilled', 'after-worker-crash', 'SUCCEEDED'],
      ['5-manual-30-percent', 'manual-30', 'SUCCEEDED'],
    ]);
    for (const r of report.rollouts)
      expect({ version: r.version, exit: r.cliExit }).toEqual({
        version: r.version,
        exit: r.state === 'SUCCEEDED' ? 0 : 1,
      });
    for (const rollback of report.rollbacks) {
      recordFigure('demo_rollback_seen_unhealthy_to_all_primary', rollback.rollbackMs ?? -1, 'ms', {
        phase: rollback.phase,
        profile: 'short',
      });
      expect(rollback.rollbackMs).toBeLessThanOrEqual(2000);
    }
    expect(report.split.withinTolerance).toBe(true);
    expect(report.pins).toEqual([
      {
        header: 'manual-30',
        requests: expect.any(Number),
        answeredBy: { 'manual-30': expect.any(Number) },
      },
      {
        header: 'canary',
        requests: expect.any(Number),
        answeredBy: { 'manual-30': expect.any(Number) },
      },
      {
        header: 'primary',
        requests: expect.any(Number),
        answeredBy: { 'after-worker-crash': expect.any(Number) },
      },
    ]);
    const header = report.csv.split('\n')[0];
    expect(header).toBe(
      'second,epoch_s,hello-world,hello-chat,llm-chat,unhealthy-canary,killed-canary,after-worker-crash,manual-30,failed,total',
    );
  }, 420_000);
});
