// bench/gateway: the same backend measured direct, through a bare Node proxy (node-floor.ts,
// the floor any Node proxy pays), through the gateway, and through nginx (the peer), in the
// same run, with the same load tool, targets interleaved so that machine noise hits them alike.
// For each process count W (--workers, default 1): the gateway with GATEWAY_WORKERS=W and
// nginx with worker_processes W (the floor is one process). Prints req/s, p50/p99 and CPU
// µs/request at maximum load (wrk, closed loop), p50/p99 at half of the gateway's maximum (wrk
// paced by a Lua delay, see wrk.ts), medians over --runs, and the goals: gateway ≥ 0.6 × nginx
// req/s; added p99 ≤ 2 ms over direct at half load.
//   node scripts/run-ts.js bench/gateway/run.ts [--runs 3] [--seconds 8] [--connections 64]
//     [--workers 1[,2…]] [--node-options '--max-semi-space-size=32'] [--fraction 0.5]
import { randomBytes } from 'node:crypto';
import { createRedis } from '@switchyard/platform';
import { freePort, startTsProcess, type RunningProcess } from '@switchyard/testing';
import { publishBenchService } from './bench-service';
import { startNginx } from './nginx';
import { withCpuPerRequest } from './process-cpu';
import { runPacedWrk, runWrk, type WrkResult } from './wrk';

type MaxResult = WrkResult & { cpuUsPerRequest: number };

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const RUNS = Number(arg('runs', '3'));
const SECONDS = Number(arg('seconds', '8'));
const CONNECTIONS = Number(arg('connections', '64'));
const FRACTION = Number(arg('fraction', '0.5'));
const WORKERS = arg('workers', '1').split(',').map(Number);
/** V8's young generation: a larger one halves scavenges (see apps/gateway/README.md). */
const GATEWAY_NODE_OPTIONS = arg('node-options', '--max-semi-space-size=32');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const f = (n: number, digits = 2) => n.toFixed(digits);

interface Target {
  name: string;
  url: string;
  /** The proxy's process (with its workers), or the backend's for direct: its CPU is measured. */
  pid: number;
  /** The gateway this target is compared with, for the paced rate. */
  group: number;
}

async function main() {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `sy-bench-gw-${randomBytes(4).toString('hex')}`;
  const processes: RunningProcess[] = [];
  const nginxes: { stop: () => Promise<void> }[] = [];
  let redis: ReturnType<typeof createRedis> | undefined;
  try {
    const backend = startTsProcess('bench/gateway/backend.ts', { BENCH_BACKEND_PORT: '0' });
    processes.push(backend);
    const backendPort = (await backend.waitForLog((l) => l.msg === 'listening')).port as number;
    redis = createRedis(redisUrl);
    await publishBenchService(redis, prefix, backendPort);

    const targets: Target[] = [
      {
        name: 'direct',
        url: `http://127.0.0.1:${backendPort}/`,
        pid: backend.child.pid!,
        group: 0,
      },
    ];
    // The bare Node proxy: one process, compared with the gateway×1 (group 1).
    const floor = startTsProcess('bench/gateway/node-floor.ts', {
      BENCH_FLOOR_PORT: '0',
      BENCH_FLOOR_UPSTREAM: `http://127.0.0.1:${backendPort}`,
      NODE_OPTIONS: GATEWAY_NODE_OPTIONS,
    });
    processes.push(floor);
    const floorPort = (await floor.waitForLog((l) => l.msg === 'listening')).port as number;
    targets.push({
      name: 'node-floor×1',
      url: `http://127.0.0.1:${floorPort}/`,
      pid: floor.child.pid!,
      group: 1,
    });
    for (const workers of WORKERS) {
      const gatewayPort = await freePort();
      const gateway = startTsProcess('apps/gateway/src/main.ts', {
        NODE_ENV: 'production',
        GATEWAY_PORT: String(gatewayPort),
        GATEWAY_WORKERS: String(workers),
        NODE_OPTIONS: GATEWAY_NODE_OPTIONS,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'info', // nothing is logged per request
      });
      processes.push(gateway);
      await gateway.waitForLog(
        () => gateway.logs.filter((l) => l.msg === 'gateway listening').length >= workers,
      );
      const nginxPort = await freePort();
      const nginx = await startNginx(nginxPort, backendPort, workers);
      nginxes.push(nginx);
      targets.push(
        {
          name: `gateway×${workers}`,
          url: `http://127.0.0.1:${gatewayPort}/s/bench/echo/`,
          pid: gateway.child.pid!,
          group: workers,
        },
        {
          name: `nginx×${workers}`,
          url: `http://127.0.0.1:${nginxPort}/`,
          pid: nginx.pid,
          group: workers,
        },
      );
    }
    for (const t of targets) {
      const res = await fetch(t.url);
      if (res.status !== 200) throw new Error(`${t.name} answered ${res.status}`);
    }

    console.log(
      `bench/gateway: ${RUNS} runs × ${SECONDS} s per target, wrk -t1 -c${CONNECTIONS}, targets interleaved; gateway NODE_OPTIONS=${GATEWAY_NODE_OPTIONS}`,
    );
    for (const t of targets) await runWrk(t.url, CONNECTIONS, 2); // warm-up (JIT, pools)

    const max = new Map<string, MaxResult[]>(targets.map((t) => [t.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const t of targets) {
        const r = await withCpuPerRequest(t.pid, SECONDS, () =>
          runWrk(t.url, CONNECTIONS, SECONDS),
        );
        max.get(t.name)!.push(r);
        console.log(
          `  max  run ${i + 1} ${t.name.padEnd(12)} ${f(r.requestsPerSec, 0).padStart(6)} req/s  p50 ${f(r.p50Ms)} ms  p99 ${f(r.p99Ms)} ms  ${f(r.cpuUsPerRequest, 1)} CPU µs/req  errors ${r.errors}`,
        );
      }
    }
    const maxRps = (name: string) => median(max.get(name)!.map((r) => r.requestsPerSec));

    // Half load: the gateway's median maximum × FRACTION, offered to the gateway, to nginx with
    // as many workers, and to the backend direct (the floor), at the same rate.
    const half = new Map<string, WrkResult[]>();
    const rates = new Map<number, number>(
      WORKERS.map((w) => [w, Math.round(maxRps(`gateway×${w}`) * FRACTION)]),
    );
    for (let i = 0; i < RUNS; i++) {
      for (const workers of WORKERS) {
        const rate = rates.get(workers)!;
        for (const t of targets.filter((x) => x.group === 0 || x.group === workers)) {
          const key = t.group === 0 ? `direct@${workers}` : t.name;
          const r = await runPacedWrk(t.url, rate, SECONDS);
          half.set(key, [...(half.get(key) ?? []), r]);
          console.log(
            `  half run ${i + 1} ${key.padEnd(12)} at ${rate} req/s: ${f(r.requestsPerSec, 0)} req/s  p50 ${f(r.p50Ms)} ms  p99 ${f(r.p99Ms)} ms  errors ${r.errors}`,
          );
        }
      }
    }

    console.log('\nmedians:');
    const rows = [];
    for (const t of targets) {
      const m = max.get(t.name)!;
      rows.push({
        target: t.name,
        'max req/s': Math.round(maxRps(t.name)),
        'max p50 ms': +f(median(m.map((r) => r.p50Ms))),
        'max p99 ms': +f(median(m.map((r) => r.p99Ms))),
        'CPU µs/req': +f(median(m.map((r) => r.cpuUsPerRequest)), 1),
        errors: m.reduce((n, r) => n + r.errors, 0),
      });
    }
    console.table(rows);
    console.table(
      [...half.entries()].map(([key, results]) => ({
        target: key,
        'paced req/s': Math.round(median(results.map((r) => r.requestsPerSec))),
        'p50 ms': +f(median(results.map((r) => r.p50Ms))),
        'p99 ms': +f(median(results.map((r) => r.p99Ms))),
        errors: results.reduce((n, r) => n + r.errors, 0),
      })),
    );
    const p99 = (key: string) => median(half.get(key)!.map((r) => r.p99Ms));
    for (const w of WORKERS) {
      // Run by run (the targets of a run share its noise), then the median of those ratios.
      const gatewayRuns = max.get(`gateway×${w}`)!;
      const nginxRuns = max.get(`nginx×${w}`)!;
      const paired = median(
        gatewayRuns.map((g, i) => g.requestsPerSec / nginxRuns[i]!.requestsPerSec),
      );
      const ratio = maxRps(`gateway×${w}`) / maxRps(`nginx×${w}`);
      const added = p99(`gateway×${w}`) - p99(`direct@${w}`);
      const cpu = (name: string) => median(max.get(name)!.map((r) => r.cpuUsPerRequest));
      console.log(
        `W=${w}: gateway/nginx req/s ${f(ratio)} of medians, ${f(paired)} median of per-run ratios ` +
          `(goal ≥ 0.60: ${paired >= 0.6 ? 'met' : 'NOT met'}); ` +
          `gateway/direct ${f(maxRps(`gateway×${w}`) / maxRps('direct'))}; ` +
          `added p99 at ${rates.get(w)} req/s ${f(added)} ms (goal ≤ 2 ms: ${added <= 2 ? 'met' : 'NOT met'}), ` +
          `nginx adds ${f(p99(`nginx×${w}`) - p99(`direct@${w}`))} ms; ` +
          `CPU per request gateway/nginx ${f(cpu(`gateway×${w}`) / cpu(`nginx×${w}`))}`,
      );
      if (w !== 1) continue;
      // The floor: what any Node proxy pays. gateway/node-floor is the gateway's own overhead,
      // node-floor/nginx the best a Node proxy on this machine could reach against the goal.
      const floorRuns = max.get('node-floor×1')!;
      console.log(
        `W=1: gateway/node-floor req/s ${f(maxRps('gateway×1') / maxRps('node-floor×1'))} of medians, ` +
          `${f(median(gatewayRuns.map((g, i) => g.requestsPerSec / floorRuns[i]!.requestsPerSec)))} per run; ` +
          `node-floor/nginx ${f(maxRps('node-floor×1') / maxRps('nginx×1'))} of medians, ` +
          `${f(median(floorRuns.map((g, i) => g.requestsPerSec / nginxRuns[i]!.requestsPerSec)))} per run; ` +
          `CPU µs/req gateway − node-floor ${f(cpu('gateway×1') - cpu('node-floor×1'), 1)}`,
      );
    }
  } finally {
    await Promise.all(nginxes.map((n) => n.stop().catch(() => undefined)));
    await Promise.all(processes.map((p) => p.stop('SIGTERM').catch(() => p.stop('SIGKILL'))));
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
