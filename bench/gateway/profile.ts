// bench/gateway/profile.ts: where the gateway's CPU goes under load. Starts the bench backend
// and one gateway process with `--cpu-prof`, drives it with wrk, stops it (the profile is
// written at exit) and prints the functions with the most self time, grouped by file.
// `--floor` does the same with the bare Node proxy (node-floor.ts) instead of the gateway: the
// difference between the two profiles is what the gateway adds.
//   node scripts/run-ts.js bench/gateway/profile.ts [--seconds 10] [--connections 64]
//     [--node-options '--max-semi-space-size=32'] [--top 40] [--dir /tmp/gateway-profile]
//     [--floor] [--no-profile]
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createRedis } from '@switchyard/platform';
import { freePort, startTsProcess } from '@switchyard/testing';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { publishBenchService } from './bench-service';
import { withCpuPerRequest } from './process-cpu';
import { runWrk } from './wrk';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const SECONDS = Number(arg('seconds', '10'));
const CONNECTIONS = Number(arg('connections', '64'));
const TOP = Number(arg('top', '40'));
const NODE_OPTIONS = arg('node-options', '--max-semi-space-size=32');
/** Without the profiler (which costs CPU of its own): only req/s and CPU µs per request. */
const PROFILE = !process.argv.includes('--no-profile');
const FLOOR = process.argv.includes('--floor');
const DIR = arg('dir', path.join('/tmp', `gateway-profile-${randomBytes(3).toString('hex')}`));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Self time per function and per file, as a share of all samples. */
function summarize(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '') || '(native)';
    const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + 1);
    const group = where.includes('node_modules/')
      ? where.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, 'node_modules/$1')
      : where.startsWith('node:')
        ? where.replace(/^(node:[^/]+\/[^/]+).*/, '$1')
        : where;
    file.set(group, (file.get(group) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  return { total, functions: top(fn, TOP), files: top(file, 25) };
}

async function main() {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `sy-bench-prof-${randomBytes(4).toString('hex')}`;
  mkdirSync(DIR, { recursive: true });
  const backend = startTsProcess('bench/gateway/backend.ts', { BENCH_BACKEND_PORT: '0' });
  const redis = createRedis(redisUrl);
  try {
    const backendPort = (await backend.waitForLog((l) => l.msg === 'listening')).port as number;
    await publishBenchService(redis, prefix, backendPort);
    const port = await freePort();
    // `--cpu-prof` is refused in NODE_OPTIONS: it goes on the command line.
    const gateway = spawn(
      process.execPath,
      [
        // On the command line: some V8 flags are refused in NODE_OPTIONS.
        ...NODE_OPTIONS.split(' ').filter(Boolean),
        ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${DIR}`] : []),
        'scripts/run-ts.js',
        FLOOR ? 'bench/gateway/node-floor.ts' : 'apps/gateway/src/main.ts',
      ],
      {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          GATEWAY_PORT: String(port),
          REDIS_PREFIX: prefix,
          LOG_LEVEL: 'info',
          BENCH_FLOOR_PORT: String(port),
          BENCH_FLOOR_UPSTREAM: `http://127.0.0.1:${backendPort}`,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = once(gateway, 'exit');
    await new Promise<void>((resolve, reject) => {
      gateway.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
      void exited.then(() => reject(new Error('the proxy exited before listening')));
    });
    const url = `http://127.0.0.1:${port}${FLOOR ? '/' : '/s/bench/echo/'}`;
    await runWrk(url, CONNECTIONS, 2); // warm-up
    const result = await withCpuPerRequest(gateway.pid!, SECONDS, () =>
      runWrk(url, CONNECTIONS, SECONDS),
    );
    gateway.kill('SIGTERM');
    await exited;
    console.log(
      `${FLOOR ? 'node-floor' : 'gateway'} under wrk -c${CONNECTIONS} ${SECONDS} s: ${result.requestsPerSec.toFixed(0)} req/s, ` +
        `${result.cpuUsPerRequest.toFixed(1)} CPU µs/request, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms ` +
        `(NODE_OPTIONS=${NODE_OPTIONS}${PROFILE ? ', profiled' : ''})`,
    );
    if (!PROFILE) return;
    const file = readdirSync(DIR)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort()
      .pop();
    if (!file) throw new Error(`no profile written in ${DIR}`);
    const summary = summarize(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as CpuProfile);
    console.log(`\n${path.join(DIR, file)}: ${summary.total} samples (warm-up and boot included)`);
    console.log('\nself time by file:\n' + summary.files.join('\n'));
    console.log('\nself time by function:\n' + summary.functions.join('\n'));
  } finally {
    await backend.stop('SIGTERM').catch(() => backend.stop('SIGKILL'));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
