// bench/demo (issue 6): the end-to-end proof under load. `npm run bench:demo`
//   - starts api + worker + gateway (built as `npm start` builds them) on a FRESH database
//     (created and migrated here, dropped at the end) and a Redis prefix of its own;
//   - steady load through the service URL with the query token (a Node keep-alive load
//     generator: tools/e2e/src/support/load-generator.ts), every request's outcome recorded;
//   - the five phases (tools/e2e/src/demo/demo-scenario.ts): examples 1, 2, 3 with the CLI
//     --wait; an unhealthy canary → rollback; SIGKILLed canary replicas → rollback; the worker
//     SIGKILLed mid-rollout → completes; --canary-percent 30 (split + pin header) → 100.
// Writes bench/demo/out/<timestamp>/{data.csv, chart.svg, chart.png, report.json, logs}; prints
// total requests, failed per phase and rollback times; exits 1 if any request failed.
//   --profile short   the test suite's second-scale version (default: full)
//   --keep            keep the database and the processes' logs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '@switchyard/db/migrations';
import { Client } from 'pg';
import { FULL_PROFILE, runDemo, SHORT_PROFILE } from '../../tools/e2e/src/demo/demo-scenario';
import { trafficChartSvg, writeChart } from '../../tools/e2e/src/demo/traffic-chart';
import { FAST_TIMINGS, REPO_ROOT, Stack } from '../../tools/e2e/src/support/stack';

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const profile = argValue('profile') === 'short' ? SHORT_PROFILE : FULL_PROFILE;
const keep = process.argv.includes('--keep');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = path.join(REPO_ROOT, 'bench/demo/out', stamp);
const serverUrl = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `switchyard_bench_demo_${stamp.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  mkdirSync(outDir, { recursive: true });
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  let stack: Stack | undefined;
  try {
    const migrated = await applyMigrations(dbUrl.toString());
    console.log(`fresh database ${dbName}: ${migrated.length} migrations applied`);
    stack = await Stack.start({
      databaseUrl: dbUrl.toString(),
      stateDir: path.join(outDir, 'state'),
      env: FAST_TIMINGS,
    });
    console.log(
      `stack up: api ${stack.apiUrl}, gateway ${stack.gatewayUrl}; profile ${profile.name}`,
    );
    const started = Date.now();
    const report = await runDemo(stack, profile, (line) =>
      console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`),
    );

    writeFileSync(path.join(outDir, 'data.csv'), report.csv);
    const seconds = [...report.load.perSecond.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([epochS, counts]) => ({ epochS, counts }));
    const versions = [...report.load.versionsSeen.entries()]
      .sort((a, b) => a[1].first - b[1].first)
      .map(([v]) => v);
    const png = writeChart(
      trafficChartSvg({
        seconds,
        versions,
        phases: report.phases,
        title: `Switchyard demo (${profile.name}): traffic share by version, ${report.total} requests, ${report.failed} failed`,
      }),
      path.join(outDir, 'chart.svg'),
      path.join(outDir, 'chart.png'),
    );
    const { load: _load, csv: _csv, ...summary } = report;
    writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(summary, null, 2));

    console.log('\n== results');
    console.log(
      `total requests: ${report.total}, failed: ${report.failed}, duration ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    for (const p of report.perPhase)
      console.log(
        `  ${p.phase.padEnd(22)} ${String(p.total).padStart(8)} requests  ${String(p.failed).padStart(4)} failed  ${p.seconds} s`,
      );
    for (const r of report.rollouts)
      console.log(`  rollout ${r.version.padEnd(20)} ${r.state.padEnd(12)} CLI exit ${r.cliExit}`);
    for (const r of report.rollbacks)
      console.log(
        `  rollback (${r.phase}): canary seen unhealthy → 100 % primary ${r.rollbackMs} ms` +
          (r.failureToDecisionMs !== undefined
            ? `; first SIGKILL → decision ${r.failureToDecisionMs} ms`
            : ''),
      );
    console.log(
      `  split at 30 %: ${report.split.canaryPercent} % of ${report.split.samples} requests on the canary (${report.split.withinTolerance ? 'within' : 'OUTSIDE'} tolerance)`,
    );
    for (const pin of report.pins)
      console.log(`  X-Switchyard-Version: ${pin.header} → ${JSON.stringify(pin.answeredBy)}`);
    for (const f of report.failures.slice(0, 20))
      console.log(`  FAILED [${f.phase}] ${f.status ?? ''} ${f.error ?? ''}`);
    console.log(
      `\nwritten: ${path.relative(REPO_ROOT, outDir)}/data.csv, chart.svg${png ? ', chart.png' : ' (no chromium: no PNG)'}, report.json`,
    );
    const rollbacksOk = report.rollbacks.every(
      (r) => r.rollbackMs !== null && r.rollbackMs <= 2000,
    );
    if (!rollbacksOk) console.log('rollback slower than the 2 s goal');
    return report.failed === 0 ? 0 : 1;
  } finally {
    await stack?.close();
    if (!keep) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
