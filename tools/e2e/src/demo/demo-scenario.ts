/**
 * The end-to-end demo of issue 6 (the reference's HA and canary demo, under a steady load):
 *   1. deploy examples 1, 2, 3 with the CLI (--wait);
 *   2. a canary that turns unhealthy after start → automatic rollback;
 *   3. a canary whose replicas are SIGKILLed during the traffic shift → rollback;
 *   4. the worker SIGKILLed during a rollout → it completes after a restart;
 *   5. a manual rollout at --canary-percent 30 (split and the pin header checked), then 100.
 * One scenario, two profiles: `full` (bench/demo: the examples as shipped) and `short` (the
 * test suite: the same steps with second-scale holds). Every request's outcome is recorded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliResult } from '../support/cli-runner';
import { LoadGenerator, type RequestOutcome } from '../support/load-generator';
import { until } from '../support/poll';
import {
  examplePath,
  writeVariant,
  type ExampleName,
  type Variant,
} from '../support/service-files';
import type { RolloutView, Stack } from '../support/stack';

/** A rollout schedule step, as in service.yaml's `rollout.schedule`. */
export type Step = { percent: number; hold_s: number };

/** The engine's default percents, each held `holdS`. */
const evenly = (holdS: number): Step[] =>
  [5, 10, 20, 30, 50, 75, 100].map((percent) => ({ percent, hold_s: holdS }));

export interface DemoProfile {
  name: 'full' | 'short';
  /** Schedule of examples 2 and 3; undefined = the examples as shipped (20 s per step). */
  exampleSteps: Step[] | undefined;
  /** Schedule of the phase 2 and 4 canaries (phase 5's is set by --canary-percent). */
  canarySteps: Step[];
  /** Phase 3's schedule: long enough for crash loops to be seen before the shift completes. */
  killedCanarySteps: Step[];
  /** rollout.drain_s of every variant (undefined = as shipped). */
  drainS: number | undefined;
  /** Extra env for example 3's stand-in (--env), e.g. a shorter load time in the short profile. */
  example3Env: Record<string, string>;
  /** Load loops, and each loop's pause between an answer and its next request. */
  concurrency: number;
  pauseMs: number;
  unhealthyAfterS: number;
  /** Requests over which the 30 % split is measured, and the allowed deviation (points). */
  splitSamples: number;
  splitTolerancePoints: number;
  /** Rollouts must finish within this (CLI --timeout-s). */
  rolloutTimeoutS: number;
}

export const FULL_PROFILE: DemoProfile = {
  name: 'full',
  exampleSteps: undefined,
  canarySteps: evenly(10),
  killedCanarySteps: evenly(20),
  drainS: undefined,
  // The stand-in answers token by token (40 ms apart, ~1 s an answer): at 1 ms the service's
  // two replicas × 4 in flight can take a steady load of hundreds of requests per second.
  example3Env: { TOKEN_DELAY_MS: '1' },
  concurrency: 16,
  pauseMs: 0,
  unhealthyAfterS: 12,
  splitSamples: 4000,
  splitTolerancePoints: 3,
  rolloutTimeoutS: 900,
};

export const SHORT_PROFILE: DemoProfile = {
  name: 'short',
  exampleSteps: [
    { percent: 20, hold_s: 1 },
    { percent: 50, hold_s: 1 },
    { percent: 100, hold_s: 0 },
  ],
  canarySteps: evenly(1.5),
  // Traffic from the first step; the kills start there, and the 12 s before 100 % leave room for
  // three failed health checks (example 2 checks every 2 s) on a loaded machine.
  killedCanarySteps: [
    { percent: 10, hold_s: 4 },
    { percent: 25, hold_s: 4 },
    { percent: 50, hold_s: 4 },
    { percent: 100, hold_s: 0 },
  ],
  drainS: 1,
  example3Env: { TOKEN_DELAY_MS: '1', MODEL_LOAD_SECONDS: '2' },
  // A paced load (≤ ~300 requests/s): flat out, the load generator and the gateway took the
  // two shared cores from the api, the worker and the CLI, and every step took several times
  // longer. The full profile is the one that measures under maximum load.
  concurrency: 8,
  pauseMs: 20,
  unhealthyAfterS: 4,
  splitSamples: 1000,
  splitTolerancePoints: 5,
  rolloutTimeoutS: 120,
};

export interface RollbackFigure {
  phase: string;
  /** The first failed health observation of the streak that led to the rollback, epoch ms. */
  seenUnhealthyAt: number;
  /** The engine's rollback decision (ROLLING_BACK event: canary weight 0), epoch ms. */
  decidedAt: number;
  /** The last request the canary answered, epoch ms. */
  lastCanaryAnswerAt: number | null;
  /** Seen unhealthy → 100 % primary (decision and last canary answer, whichever is later). */
  rollbackMs: number;
  /** Phase 3: first SIGKILL → rollback decision. */
  failureToDecisionMs?: number;
}

export interface DemoReport {
  profile: string;
  total: number;
  failed: number;
  perPhase: { phase: string; total: number; failed: number; seconds: number }[];
  rollbacks: RollbackFigure[];
  split: { canary: string; samples: number; canaryPercent: number; withinTolerance: boolean };
  pins: { header: string; requests: number; answeredBy: Record<string, number> }[];
  rollouts: { phase: string; version: string; state: string; cliExit: number | null }[];
  /** Per failed request (the first 200): when, in which phase, what answered and what it said. */
  failures: Pick<RequestOutcome, 'at' | 'phase' | 'status' | 'version' | 'replica' | 'error'>[];
  csv: string;
  load: LoadGenerator;
  phases: { name: string; startedAt: number }[];
}

type Log = (line: string) => void;

export async function runDemo(stack: Stack, profile: DemoProfile, log: Log): Promise<DemoReport> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-demo-'));
  const phases: { name: string; startedAt: number }[] = [];
  const rollbacks: RollbackFigure[] = [];
  const rollouts: DemoReport['rollouts'] = [];
  let load: LoadGenerator | undefined;
  const phase = (name: string) => {
    phases.push({ name, startedAt: Date.now() });
    load?.mark(name);
    log(`== ${name}`);
  };
  const timeout = String(profile.rolloutTimeoutS);
  const cli = async (args: string[]): Promise<CliResult> => {
    const result = await stack.cli(args, { timeoutMs: (profile.rolloutTimeoutS + 60) * 1000 });
    log(
      `$ switchyard ${args.join(' ')}  → exit ${result.code} (${(result.ms / 1000).toFixed(1)} s)`,
    );
    return result;
  };
  const example = (name: ExampleName, file: string, steps: Step[] | undefined) =>
    steps === undefined && profile.drainS === undefined
      ? examplePath(name)
      : writeVariant(examplePath(name), { dir, file, steps, drainS: profile.drainS });
  const canary = (versionName: string, extra: Partial<Variant> = {}) =>
    writeVariant(examplePath('2-hello-chat'), {
      dir,
      file: `${versionName}.yaml`,
      versionName,
      steps: profile.canarySteps,
      drainS: profile.drainS,
      ...extra,
    });
  const rolloutOf = (id: string) =>
    stack.expectOk<RolloutView>('GET', `/v1/projects/default/services/service-demo/rollouts/${id}`);
  const deployNoWait = async (file: string, args: string[] = []) => {
    const result = await cli(['service', 'deploy', '-f', file, '--json', ...args]);
    if (result.code !== 0)
      throw new Error(`deploy ${file}: exit ${result.code}\n${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout) as {
      rollout: { id: string };
      version: { id: string; name: string };
    };
  };
  const waitService = async (phaseName: string, rolloutId: string, version: string) => {
    const waited = await cli(['service', 'wait', '-n', 'service-demo', '--timeout-s', timeout]);
    const rollout = await rolloutOf(rolloutId);
    rollouts.push({ phase: phaseName, version, state: rollout.state, cliExit: waited.code });
    return rollout;
  };
  const rollbackFigure = async (phaseName: string, rolloutId: string, canaryName: string) => {
    const rollout = await rolloutOf(rolloutId);
    const events = rollout.events ?? [];
    const decision = events.find((e) => e.to_state === 'ROLLING_BACK');
    if (!decision)
      throw new Error(`${phaseName}: no ROLLING_BACK event in ${JSON.stringify(events)}`);
    // "Seen unhealthy": the first failed check of the streak that led to the rollback.
    const before = events.filter((e) => e.seq < decision.seq);
    const recovered = Math.max(
      0,
      ...before.filter((e) => e.type === 'HEALTH_RECOVERED').map((e) => e.seq),
    );
    const firstFailed = before.find((e) => e.type === 'HEALTH_CHECK_FAILED' && e.seq > recovered);
    const decidedAt = Date.parse(decision.created_at);
    const seen = firstFailed ? Date.parse(firstFailed.created_at) : decidedAt;
    // Requests in flight at the switch still complete on the canary: let them land first.
    const quietSince = Date.now();
    await until(
      `${phaseName}: no canary answers`,
      () => {
        const last = load!.versionsSeen.get(canaryName)?.last ?? 0;
        return Date.now() - Math.max(last, quietSince) > 1000 ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const last = load!.versionsSeen.get(canaryName)?.last ?? null;
    // 100 % primary: the rollback decision set the canary's weight to 0, and the canary's last
    // answer (a request already in flight) has landed — whichever is later.
    const primaryAt = Math.max(decidedAt, last ?? 0);
    const figure: RollbackFigure = {
      phase: phaseName,
      seenUnhealthyAt: seen,
      decidedAt,
      lastCanaryAnswerAt: last,
      rollbackMs: primaryAt - seen,
    };
    rollbacks.push(figure);
    log(`   rollback: ${decision.reason}; seen unhealthy → 100 % primary ${figure.rollbackMs} ms`);
    return figure;
  };

  try {
    // 1. Examples 1, 2, 3 with --wait; the load starts once the service has a URL and a token.
    phase('1-deploy-examples');
    const first = await cli([
      'service',
      'deploy',
      '-f',
      example('1-hello-world', 'ex1.yaml', undefined),
      '--wait',
      '--timeout-s',
      timeout,
      '--json',
    ]);
    if (first.code !== 0)
      throw new Error(`example 1: exit ${first.code}\n${first.stdout}${first.stderr}`);
    const firstAnswer = JSON.parse(first.stdout) as {
      query_token: string;
      rollout: { state: string };
      version: { name: string };
    };
    rollouts.push({
      phase: '1-deploy-examples',
      version: firstAnswer.version.name,
      state: firstAnswer.rollout.state,
      cliExit: first.code,
    });
    load = new LoadGenerator({
      url: stack.serviceUrl('service-demo'),
      token: firstAnswer.query_token,
      concurrency: profile.concurrency,
      pauseMs: profile.pauseMs,
    });
    load.mark('1-deploy-examples');
    load.start();
    for (const [name, file, extra] of [
      ['2-hello-chat', 'ex2.yaml', []],
      [
        '3-llm-chat',
        'ex3.yaml',
        Object.entries(profile.example3Env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      ],
    ] as [ExampleName, string, string[]][]) {
      const result = await cli([
        'service',
        'deploy',
        '-f',
        example(name, file, profile.exampleSteps),
        '--wait',
        '--timeout-s',
        timeout,
        '--json',
        ...extra,
      ]);
      const answer = JSON.parse(result.stdout || '{}') as {
        rollout?: { state: string };
        version?: { name: string };
      };
      rollouts.push({
        phase: '1-deploy-examples',
        version: answer.version?.name ?? name,
        state: answer.rollout?.state ?? 'unknown',
        cliExit: result.code,
      });
      if (result.code !== 0) throw new Error(`${name}: exit ${result.code}\n${result.stderr}`);
    }

    // 2. A canary that turns unhealthy after start: rolled back by the engine (CLI exit 1).
    phase('2-unhealthy-canary');
    const unhealthy = canary('unhealthy-canary', {
      command: 'node bench/demo/fixtures/turns-unhealthy/server.js',
      env: { UNHEALTHY_AFTER_S: String(profile.unhealthyAfterS) },
      deployment: { health_check_period_s: 1, health_check_timeout_s: 1 },
    });
    const u = await deployNoWait(unhealthy);
    await waitService('2-unhealthy-canary', u.rollout.id, 'unhealthy-canary');
    await rollbackFigure('2-unhealthy-canary', u.rollout.id, 'unhealthy-canary');

    // 3. A healthy canary whose replicas are SIGKILLed during the shift, again and again.
    phase('3-canary-sigkilled');
    const k = await deployNoWait(canary('killed-canary', { steps: profile.killedCanarySteps }));
    await until(
      'the killed-canary taking traffic',
      async () => {
        // Served by the canary as the callers see it, not only weighted by the engine: the
        // gateways apply a new weight some milliseconds after the engine records it.
        const r = await rolloutOf(k.rollout.id);
        const served = load!.versionsSeen.get('killed-canary')?.count ?? 0;
        return r.state === 'SHIFTING' && r.canary_weight >= 10 && served >= 20 ? true : undefined;
      },
      { timeoutMs: profile.rolloutTimeoutS * 1000, intervalMs: 100 },
    );
    const serviceId = (await stack.service('service-demo')).id;
    let firstKillAt = 0;
    let kills = 0;
    await until(
      'the engine rolling the killed canary back',
      async () => {
        const r = await rolloutOf(k.rollout.id);
        if (r.state !== 'SHIFTING' && r.state !== 'PAUSED') return true;
        for (const replica of stack.replicaProcesses(serviceId)) {
          if (replica.versionId !== k.version.id) continue;
          try {
            process.kill(-replica.pgid, 'SIGKILL');
            kills++;
            firstKillAt ||= Date.now();
          } catch {
            // already gone
          }
        }
        return undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    log(`   ${kills} canary replica process groups SIGKILLed`);
    await waitService('3-canary-sigkilled', k.rollout.id, 'killed-canary');
    const killedFigure = await rollbackFigure('3-canary-sigkilled', k.rollout.id, 'killed-canary');
    killedFigure.failureToDecisionMs = killedFigure.decidedAt - firstKillAt;

    // 4. The worker SIGKILLed during a rollout; after a restart the rollout completes.
    phase('4-worker-sigkilled');
    const w = await deployNoWait(canary('after-worker-crash'));
    await until(
      'the rollout shifting',
      async () => {
        const r = await rolloutOf(w.rollout.id);
        return r.state === 'SHIFTING' && r.canary_weight >= 5 ? true : undefined;
      },
      { timeoutMs: profile.rolloutTimeoutS * 1000, intervalMs: 100 },
    );
    await stack.worker.kill();
    log('   worker SIGKILLed');
    const servedWithoutWorker = load.total;
    await until(
      'traffic without a worker',
      () => (load!.total > servedWithoutWorker + 200 ? true : undefined),
      { timeoutMs: 60_000 },
    );
    await stack.worker.start();
    log('   worker restarted');
    await waitService('4-worker-sigkilled', w.rollout.id, 'after-worker-crash');

    // 5. Manual: 30 % to the canary (split and pin checked), then 100.
    phase('5-manual-30-percent');
    const m = await deployNoWait(canary('manual-30'), ['--canary-percent', '30']);
    await until(
      'the manual rollout holding at 30 %',
      async () => {
        const s = await stack.service('service-demo');
        return s.canary?.current_weight === 30 &&
          s.canary.deployments.every((d) => d.ready_replicas > 0)
          ? true
          : undefined;
      },
      { timeoutMs: profile.rolloutTimeoutS * 1000, intervalMs: 100 },
    );
    const counts = new Map<string, number>();
    let samples = 0;
    const stopCounting = load.onOutcome((o) => {
      if (!o.ok || !o.version || samples >= profile.splitSamples) return;
      samples++;
      counts.set(o.version, (counts.get(o.version) ?? 0) + 1);
    });
    await until('split samples', () => (samples >= profile.splitSamples ? true : undefined), {
      timeoutMs: 300_000,
    });
    stopCounting();
    const canaryPercent = (100 * (counts.get('manual-30') ?? 0)) / samples;
    const split = {
      canary: 'manual-30',
      samples,
      canaryPercent: Math.round(canaryPercent * 10) / 10,
      withinTolerance: Math.abs(canaryPercent - 30) <= profile.splitTolerancePoints,
    };
    log(
      `   split: ${split.canaryPercent} % of ${samples} requests on the canary (30 ± ${profile.splitTolerancePoints})`,
    );
    const pins: DemoReport['pins'] = [];
    for (const header of ['manual-30', 'canary', 'primary']) {
      const pinned = new LoadGenerator({
        url: stack.serviceUrl('service-demo'),
        token: firstAnswer.query_token,
        concurrency: 2,
        headers: { 'x-switchyard-version': header },
      });
      pinned.mark(`5-pin-${header}`);
      pinned.start();
      await until(`pinned requests (${header})`, () => (pinned.total >= 100 ? true : undefined), {
        timeoutMs: 60_000,
      });
      await pinned.stop();
      const answeredBy: Record<string, number> = {};
      for (const [version, seen] of pinned.versionsSeen) answeredBy[version] = seen.count;
      if (pinned.failed > 0) answeredBy.FAILED = pinned.failed;
      pins.push({ header, requests: pinned.total, answeredBy });
      log(`   X-Switchyard-Version: ${header} → ${JSON.stringify(answeredBy)}`);
    }
    const to100 = await cli([
      'service',
      'canary-percent',
      '-n',
      'service-demo',
      '--percent',
      '100',
    ]);
    if (to100.code !== 0)
      throw new Error(`canary-percent 100: exit ${to100.code}\n${to100.stdout}${to100.stderr}`);
    await waitService('5-manual-30-percent', m.rollout.id, 'manual-30');
    phase('end');
    // A few seconds of steady state on the final version.
    const servedAtEnd = load.total;
    await until(
      'steady state after the demo',
      () => (load!.total > servedAtEnd + 500 ? true : undefined),
      { timeoutMs: 60_000 },
    );

    await load.stop();
    const perPhase = phases.map((p, i) => {
      const stats = load!.perPhase.get(p.name) ?? { total: 0, failed: 0 };
      const end = phases[i + 1]?.startedAt ?? Date.now();
      return { phase: p.name, ...stats, seconds: Math.round((end - p.startedAt) / 100) / 10 };
    });
    return {
      profile: profile.name,
      total: load.total,
      failed: load.failed,
      perPhase,
      rollbacks,
      split,
      pins,
      rollouts,
      failures: load.failures.map(({ at, phase, status, version, replica, error }) => ({
        at,
        phase,
        status,
        version,
        replica,
        error,
      })),
      csv: load.toCsv(),
      load,
      phases,
    };
  } finally {
    await load?.stop();
  }
}
