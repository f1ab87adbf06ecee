// bench/engine: N concurrent rollouts through the real API and worker (in one process) on the
// simulated cloud. Prints rollouts/minute, p50/p99 tick latency, Postgres statements per tick,
// and — the peer, from the same run — p50/p99 of a bare one-row Postgres transaction at the
// same concurrency (the floor any tick pays).
//   node scripts/run-ts.js bench/engine/run.ts --rollouts 100
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createSimProvider, InMemorySimStore } from '@switchyard/cloud-providers';
import { createDb } from '@switchyard/db';
import { applyMigrations } from '@switchyard/db/migrations';
import { JobQueue } from '@switchyard/jobs';
import {
  createLogger,
  createMetricsRegistry,
  createRedis,
  loadEnv,
  SecretBox,
} from '@switchyard/platform';
import { createApiApp } from '../../apps/api/src/app';
import { apiEnvSchema } from '../../apps/api/src/config';
import { systemClock } from '../../apps/api/src/infra/clock';
import { createOrganizationWithOwner } from '../../apps/api/src/organizations/create-organization';
import { workerEnvSchema } from '../../apps/worker/src/config';
import { ProviderRegistry } from '../../apps/worker/src/providers/provider-registry';
import { startWorker } from '../../apps/worker/src/worker';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROLLOUTS = arg('rollouts', 100);
const CONCURRENCY = arg('concurrency', 8); // the worker's default WORKER_CONCURRENCY
const POLL_S = arg('poll', 1);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** A CPU profile of the measured phase only (`--cpu-prof`); the set-up phase would drown it. */
async function startProfiler() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      const file = path.resolve(`tmp/engine-${Date.now()}.cpuprofile`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      return path.relative(process.cwd(), file);
    },
  };
}

async function main() {
  const run = randomBytes(4).toString('hex');
  const dbName = `sy_bench_${run}`;
  const env = {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${dbName}`,
    REDIS_PREFIX: `sy-bench-${run}`,
    LOG_LEVEL: 'warn',
    SWITCHYARD_ENABLE_SIM_PROVIDER: 'true',
    ROLLOUT_POLL_INTERVAL_S: String(POLL_S),
    WORKER_OPS_PORT: '0',
    WORKER_CONCURRENCY: String(CONCURRENCY),
    API_PORT: '0',
    // One token deploys every service: the per-token rate limit is not what this measures.
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  await applyMigrations(env.DATABASE_URL);
  const logger = createLogger('bench', 'warn');

  const apiConfig = loadEnv(apiEnvSchema, env);
  const apiDb = createDb(env.DATABASE_URL, { poolSize: 10 });
  const apiRedis = createRedis(apiConfig.REDIS_URL);
  const app = await createApiApp({
    config: apiConfig,
    db: apiDb,
    redis: apiRedis,
    logger,
    metrics: createMetricsRegistry('api'),
    secretBox: SecretBox.fromString(apiConfig.SWITCHYARD_MASTER_KEY),
    clock: systemClock,
    jobs: new JobQueue(createRedis(apiConfig.REDIS_URL), apiConfig.REDIS_PREFIX),
  });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  let measuring = false;
  const ticks: number[] = [];
  let queries = 0;
  /** Statement shapes (first words of the SQL) → count, printed with --statements. */
  const shapes = new Map<string, number>();
  const showStatements = process.argv.includes('--statements');
  const shapeOf = (sql: string) =>
    sql
      .replace(/\s+/g, ' ')
      .replace(/"public"\./g, '')
      .slice(0, 90);
  const sim = createSimProvider({
    store: new InMemorySimStore(),
    clock: Date.now,
    ledgerReads: false,
  });
  const launchWorker = () =>
    startWorker(loadEnv(workerEnvSchema, env), logger, {
      providers: new ProviderRegistry({ SIM: sim }),
      onTick: (s) => measuring && ticks.push(s),
      onQuery: ({ query }) => {
        if (!measuring) return;
        queries++;
        if (!showStatements) return;
        const shape = shapeOf(query);
        shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      },
    });
  let worker = await launchWorker();

  const { secret: token } = await createOrganizationWithOwner(
    apiDb,
    { name: 'Bench', ownerEmail: 'bench@bench.test' },
    'bench',
  );
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  await call('POST', '/v1/projects', { name: 'bench' });
  await call('POST', '/v1/clouds', { name: 'sim', provider: 'SIM' });
  const config = (name: string, replicas: number) => ({
    name,
    cloud: 'sim',
    applications: [
      {
        name: 'app',
        route_prefix: '/',
        command: 'serve',
        deployments: [{ name: 'web', num_replicas: replicas }],
      },
    ],
    rollout: {
      schedule: [
        { percent: 25, hold_s: 1 },
        { percent: 50, hold_s: 1 },
        { percent: 100, hold_s: 0 },
      ],
      drain_s: 0,
    },
  });
  const names = Array.from({ length: ROLLOUTS }, (_, i) => `svc-${i}`);
  const waitAll = async (label: string) => {
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const active = await apiDb.rollout.count({
        where: { state: { notIn: ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'CANCELLED'] } },
      });
      if (active === 0) break;
      if (Date.now() > deadline)
        throw new Error(`${label}: ${active} rollouts still active after 15 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const failed = await apiDb.rollout.count({ where: { state: { not: 'SUCCEEDED' } } });
    if (failed) throw new Error(`${label}: ${failed} rollouts did not succeed`);
  };

  // Phase 1 (not measured): every service's first version.
  await inBatches(
    names,
    50,
    async (n) =>
      void (await call('POST', `/v1/projects/bench/services/${n}/deploy`, {
        config: config(n, 2),
      })),
  );
  await waitAll('first versions');

  // Phase 2 (measured): N concurrent canary rollouts. They are all started while no worker
  // runs, so every one of them is active at once and the ticks measured are the worker's
  // alone, not the API's deploy requests competing for the same two cores.
  await worker.stop();
  await inBatches(
    names,
    50,
    async (n) =>
      void (await call('POST', `/v1/projects/bench/services/${n}/deploy`, {
        config: config(n, 3),
      })),
  );
  const profiler = process.argv.includes('--cpu-prof') ? await startProfiler() : undefined;
  measuring = true;
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  worker = await launchWorker();
  await waitAll('canary rollouts');
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  measuring = false;
  if (profiler) console.log(`  CPU profile of the measured phase: ${await profiler.stop()}`);

  // The peer: a one-row transaction (what a tick's persist step costs at minimum), same concurrency.
  const floor: number[] = [];
  const ids = (await apiDb.rollout.findMany({ select: { id: true }, take: 200 })).map((r) => r.id);
  await inBatches(
    Array.from(
      { length: ticks.length > 2000 ? 2000 : Math.max(200, ticks.length) },
      (_, i) => ids[i % ids.length]!,
    ),
    CONCURRENCY,
    async (id) => {
      const t0 = process.hrtime.bigint();
      await apiDb.$transaction(async (tx) => {
        await tx.rollout.findUnique({ where: { id } });
        await tx.rollout.updateMany({ where: { id }, data: { reason: null } });
      });
      floor.push(Number(process.hrtime.bigint() - t0) / 1e9);
    },
  );

  console.log(
    `\nbench/engine — ${ROLLOUTS} concurrent canary rollouts (sim provider, poll ${POLL_S} s, schedule 25/50/100 % with 1 s holds, worker concurrency ${CONCURRENCY})`,
  );
  console.log(
    `  rollouts/minute            ${((ROLLOUTS / seconds) * 60).toFixed(0)}   (${ROLLOUTS} in ${seconds.toFixed(1)} s)`,
  );
  console.log(
    `  ticks                      ${ticks.length}  (${(ticks.length / seconds).toFixed(0)}/s)`,
  );
  console.log(
    `  tick latency p50 / p99     ${ms(percentile(ticks, 50))} / ${ms(percentile(ticks, 99))}   (goal: p99 ≤ 50 ms at 1,000)`,
  );
  console.log(`  Postgres statements/tick   ${(queries / ticks.length).toFixed(1)}`);
  console.log(
    `  worker CPU/tick            ${((cpu.user + cpu.system) / 1000 / ticks.length).toFixed(2)} ms   (this process: ticks, job queue, routing; ${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)} % of one core)`,
  );
  if (showStatements) {
    for (const [shape, n] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 20))
      console.log(`    ${(n / ticks.length).toFixed(2).padStart(6)}/tick  ${shape}`);
  }
  console.log(
    `  peer: bare 1-row tx p50 / p99  ${ms(percentile(floor, 50))} / ${ms(percentile(floor, 99))}   (same process, same concurrency)`,
  );
  console.log(
    `  ratio tick p50 / bare tx p50   ${(percentile(ticks, 50) / percentile(floor, 50)).toFixed(1)}×`,
  );

  await worker.stop();
  await app.close();
  await apiDb.$disconnect();
  const keys = await apiRedis.keys(`${env.REDIS_PREFIX}:*`);
  if (keys.length) await apiRedis.del(...keys);
  await apiRedis.quit();
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

main().then(
  // Exit explicitly: a benchmark must end even if a library keeps a socket or timer alive.
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
