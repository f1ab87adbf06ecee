import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countProvisions, FileSimStore, createSimProvider, type SimLedgerEntry, type SimLedgerFilter } from '@switchyard/cloud-providers';
import { eventually, startTsProcess, type RunningProcess } from '@switchyard/testing';
import { ApiHarness } from '../harness';
import { aTenant, expectOk, type Tenant } from '../tenant-factory';

/**
 * The control plane as it runs: the API (in this process) and the real worker process, on a
 * fresh database, its own Redis prefix and the simulated cloud kept in a directory both this
 * test and the worker can read (so the provider's ledger is the cloud's own record).
 */
export class EngineHarness {
  /** The worker process started last by `startWorker` (the one the crash tests kill). */
  worker!: RunningProcess;
  /** Every worker process started, so `close` stops them all. */
  private readonly workers: RunningProcess[] = [];
  private constructor(
    readonly api: ApiHarness,
    readonly tenant: Tenant,
    readonly simDir: string,
    private readonly workerEnv: Record<string, string>,
  ) {}

  static async start(options: { redisUrl?: string } = {}): Promise<EngineHarness> {
    // The harness polls rollouts every 50 ms with one token; a long or loaded run would reach
    // the default 600 requests a minute and see 429s instead of the rollout (not under test here).
    const env: Record<string, string> = { SWITCHYARD_ENABLE_SIM_PROVIDER: 'true', ROLLOUT_POLL_INTERVAL_S: '0.2', RATE_LIMIT_PER_MINUTE: '1000000' };
    if (options.redisUrl) env.REDIS_URL = options.redisUrl;
    // Real time: the worker process reads the same timeline (deadlines, holds).
    const api = await ApiHarness.start(env, { realTime: true });
    const tenant = await aTenant(api).withProject('shop').create();
    await expectOk(api.request('POST', '/v1/clouds', { token: tenant.ownerToken, body: { name: 'sim', provider: 'SIM' } }));
    const simDir = mkdtempSync(path.join(tmpdir(), 'switchyard-sim-'));
    const harness = new EngineHarness(api, tenant, simDir, {
      DATABASE_URL: api.config.DATABASE_URL,
      REDIS_URL: api.config.REDIS_URL,
      REDIS_PREFIX: api.config.REDIS_PREFIX,
      SWITCHYARD_ENABLE_SIM_PROVIDER: 'true',
      SIM_PROVIDER_STATE_DIR: simDir,
      SIM_LEDGER_READS: '0',
      WORKER_OPS_PORT: '0',
      RECONCILE_INTERVAL_MS: '1000',
      NODE_SYNC_INTERVAL_MS: '500',
      LOG_LEVEL: 'info',
    });
    await harness.startWorker();
    return harness;
  }

  async startWorker(): Promise<void> {
    this.worker = await this.spawnWorker();
  }

  /** One more worker process on the same database, Redis prefix and simulated cloud. */
  async spawnWorker(): Promise<RunningProcess> {
    const worker = startTsProcess('apps/worker/src/main.ts', this.workerEnv);
    this.workers.push(worker);
    await worker.waitForLog((l) => l.msg === 'worker started', 30_000);
    return worker;
  }

  /** The simulated cloud's call ledger, read from its directory. */
  async ledger(filter: SimLedgerFilter = {}): Promise<SimLedgerEntry[]> {
    return createSimProvider({ store: new FileSimStore(this.simDir), clock: Date.now }).ledger(filter);
  }

  async provisionsPerCluster(): Promise<Record<string, number>> {
    return countProvisions(await this.ledger());
  }

  /** Applied provisions of each cluster one rollout asked for (cluster keys start with its id): `[1]` when all is well. */
  async provisionsFor(rolloutId: string): Promise<number[]> {
    return Object.entries(await this.provisionsPerCluster())
      .filter(([key]) => key.startsWith(rolloutId))
      .map(([, n]) => n);
  }

  /**
   * When the rollout's next tick is due, as the TickChain (libs/jobs) recorded it in Redis
   * (`<prefix>:rollout-next-tick`, job id `tick-<rollout>-<at>`); null when none is recorded.
   * The API records the ticks it enqueues too (a deploy's, a command's); with no request in
   * between, a later time than before proves a worker ticked the rollout.
   */
  async nextTickAt(rolloutId: string): Promise<number | null> {
    const jobId = await this.api.redis.hget(`${this.api.config.REDIS_PREFIX}:rollout-next-tick`, rolloutId);
    return jobId ? Number(jobId.slice(jobId.lastIndexOf('-') + 1)) : null;
  }

  deploy(service: string, config: Record<string, unknown>, options: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    return this.api.request('POST', `/v1/projects/shop/services/${service}/deploy`, {
      token: this.tenant.tokens.MEMBER,
      body: { config: { name: service, cloud: 'sim', ...config }, options },
      headers,
    });
  }

  command(service: string, what: 'canary-percent' | 'rollback' | 'terminate', body?: unknown) {
    return this.api.request('POST', `/v1/projects/shop/services/${service}/${what}`, { token: this.tenant.tokens.MEMBER, body });
  }

  async rollout(service: string, rolloutId: string) {
    return expectOk(this.api.request('GET', `/v1/projects/shop/services/${service}/rollouts/${rolloutId}`, { token: this.tenant.tokens.VIEWER }));
  }

  async service(service: string) {
    return expectOk(this.api.request('GET', `/v1/projects/shop/services/${service}`, { token: this.tenant.tokens.VIEWER }));
  }

  /** Polls the rollout until `done` holds (deadline, no blind sleep); returns every canary weight seen. */
  async waitFor(service: string, rolloutId: string, done: (r: any) => boolean, timeoutMs = 30_000) {
    const weights: number[] = [];
    const rollout = await eventually(async () => {
      const r = await this.rollout(service, rolloutId);
      if (weights[weights.length - 1] !== r.canary_weight) weights.push(r.canary_weight);
      return done(r) ? r : undefined;
    }, timeoutMs, 50);
    return { rollout, weights };
  }

  waitForState(service: string, rolloutId: string, state: string, timeoutMs?: number) {
    return this.waitFor(service, rolloutId, (r) => r.state === state, timeoutMs);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop('SIGTERM').catch(() => w.stop('SIGKILL'))));
    await this.api.close();
    rmSync(this.simDir, { recursive: true, force: true });
  }
}

/**
 * The control plane on a fresh database for one spec file: started before its tests, closed
 * after them. Call at the top of a `describe`:
 *
 *   let h: EngineHarness;
 *   useEngine((started) => (h = started));
 */
export function useEngine(receive: (harness: EngineHarness) => void): void {
  let harness: EngineHarness | undefined;
  beforeAll(async () => {
    harness = await EngineHarness.start();
    receive(harness);
  }, 60_000);
  afterAll(() => harness?.close());
}

/** One application with `replicas` static replicas. */
export function app(replicas = 2, extra: Record<string, unknown> = {}) {
  return { name: 'app', route_prefix: '/', command: 'node server.js', deployments: [{ name: 'web', num_replicas: replicas, ...extra }] };
}

/** A fast schedule for tests: 25 % held briefly, then 100 %. */
export const fastRollout = { schedule: [{ percent: 25, hold_s: 0.3 }, { percent: 100, hold_s: 0 }], drain_s: 0 };
