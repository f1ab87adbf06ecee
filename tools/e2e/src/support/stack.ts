/**
 * The whole product on one machine, as `npm start` runs it, for end-to-end proofs: api, worker
 * and gateway as three real processes built with scripts/build.js (into a private directory, so
 * no other run's dist/ is ever deleted under it), on a database the caller provides, a Redis
 * prefix of its own and free ports; an organization with an owner token, project `default` and
 * cloud `local`. Replicas are the local provider's real processes; `close()` SIGKILLs every one
 * of this stack's replicas, found by their identity in /proc.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { liveGroupsOf, pidsWithEnv, readProcStat } from '@switchyard/cloud-providers';
import { createDb } from '@switchyard/db';
import { createRedis } from '@switchyard/platform';
import { freePort } from '@switchyard/testing';
import { runCli, type CliResult } from './cli-runner';
import { StackProcess, type AppName } from './stack-process';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface StackOptions {
  /** A migrated database of the stack's own (createTestDatabase, or bench/demo's fresh one). */
  databaseUrl: string;
  /** Extra environment for all three processes (timings of the tests, log level…). */
  env?: Record<string, string>;
  /** Where logs and replica state go; default a new temp directory (removed on close). */
  stateDir?: string;
}

/** Timings shortened for tests: the defaults are minutes-scale production values. */
export const FAST_TIMINGS: Record<string, string> = {
  ROLLOUT_POLL_INTERVAL_S: '0.25',
  RECONCILE_INTERVAL_MS: '1000',
  OBSERVE_INTERVAL_MS: '500',
  JOB_LOCK_MS: '2000',
  NODE_SYNC_INTERVAL_MS: '5000',
  LOCAL_PROVIDER_DRAIN_PERIOD_S: '2',
  GATEWAY_MIN_DRAINING_PERIOD_S: '2',
  GATEWAY_ROUTING_RESYNC_MS: '2000',
};

export interface ReplicaProcess {
  pgid: number;
  pids: number[];
  versionId: string;
}

/** What the proofs read of the API's Service (libs/contracts serviceSchema). */
export interface VersionView {
  id: string;
  name: string;
  state: string;
  target_weight: number;
  current_weight: number;
  healthy: boolean | null;
  deployments: {
    application: string;
    deployment: string;
    desired_replicas: number;
    ready_replicas: number;
  }[];
}
export interface ServiceView {
  id: string;
  state: string;
  primary: VersionView | null;
  canary: VersionView | null;
  active_rollout_id: string | null;
}
export interface RolloutView {
  id: string;
  state: string;
  canary_weight: number;
  to_version: string;
  reason: string | null;
  events?: {
    seq: number;
    type: string;
    from_state: string | null;
    to_state: string | null;
    reason: string;
    created_at: string;
  }[];
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export class Stack {
  readonly api: StackProcess;
  readonly worker: StackProcess;
  readonly gateway: StackProcess;
  ownerToken = '';

  private constructor(
    readonly apiUrl: string,
    readonly gatewayUrl: string,
    readonly redisPrefix: string,
    readonly stateDir: string,
    private readonly ownsStateDir: boolean,
    private readonly buildDir: string,
    private readonly databaseUrl: string,
    processes: Record<AppName, StackProcess>,
  ) {
    this.api = processes.api;
    this.worker = processes.worker;
    this.gateway = processes.gateway;
  }

  static async start(options: StackOptions): Promise<Stack> {
    const ownsStateDir = !options.stateDir;
    const stateDir = options.stateDir ?? mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-'));
    mkdirSync(stateDir, { recursive: true });
    const buildDir = path.join(
      REPO_ROOT,
      'tmp',
      `e2e-build-${process.pid}-${randomBytes(3).toString('hex')}`,
    );
    const built = spawnSync(
      process.execPath,
      ['scripts/build.js', '--out', buildDir, '--server-only'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    if (built.status !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);

    const ports = { api: await freePort(), gateway: await freePort(), worker: await freePort() };
    const redisPrefix = `sy-e2e-${randomBytes(5).toString('hex')}`;
    const adminToken = randomBytes(32).toString('base64url');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      API_PORT: String(ports.api),
      GATEWAY_PORT: String(ports.gateway),
      WORKER_OPS_PORT: String(ports.worker),
      GATEWAY_PUBLIC_URL: `http://127.0.0.1:${ports.gateway}`,
      SWITCHYARD_ADMIN_TOKEN: adminToken,
      RATE_LIMIT_PER_MINUTE: '100000',
      LOCAL_PROVIDER_STATE_DIR: path.join(stateDir, 'local'),
      ...options.env,
    };
    const processes = {} as Record<AppName, StackProcess>;
    for (const name of ['api', 'worker', 'gateway'] as const) {
      processes[name] = new StackProcess({
        name,
        root: REPO_ROOT,
        buildDir,
        env,
        readyUrl: `http://127.0.0.1:${ports[name]}/readyz`,
        logFile: path.join(stateDir, `${name}.log`),
        // As npm start runs the gateway (scripts/start.js).
        nodeFlags: name === 'gateway' ? ['--max-semi-space-size=32'] : [],
      });
    }
    const stack = new Stack(
      `http://127.0.0.1:${ports.api}`,
      `http://127.0.0.1:${ports.gateway}`,
      redisPrefix,
      stateDir,
      ownsStateDir,
      buildDir,
      options.databaseUrl,
      processes,
    );
    try {
      await Promise.all([stack.api.start(), stack.worker.start(), stack.gateway.start()]);
      await stack.seed(adminToken);
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  /** The demo tenant `npm start` seeds: owner token, project `default`, cloud `local`. */
  private async seed(adminToken: string): Promise<void> {
    const created = await this.expectOk<{ token: { secret: string } }>(
      'POST',
      '/v1/admin/organizations',
      { name: 'E2E', owner_email: 'owner@e2e.test' },
      adminToken,
    );
    this.ownerToken = created.token.secret;
    await this.expectOk('POST', '/v1/projects', { name: 'default' });
    await this.expectOk('POST', '/v1/clouds', {
      name: 'local',
      provider: 'LOCAL',
      region: 'local',
    });
  }

  async request<T = unknown>(
    method: string,
    urlPath: string,
    body?: unknown,
    token: string = this.ownerToken,
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.apiUrl + urlPath, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async expectOk<T = unknown>(
    method: string,
    urlPath: string,
    body?: unknown,
    token?: string,
  ): Promise<T> {
    const res = await this.request<T>(method, urlPath, body, token);
    if (res.status >= 300)
      throw new Error(`${method} ${urlPath}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** `GET /v1/projects/default/services/<name>`. */
  service(name: string): Promise<ServiceView> {
    return this.expectOk<ServiceView>('GET', `/v1/projects/default/services/${name}`);
  }

  /** `./switchyard <args>` against this stack, as the owner (a config dir of its own). */
  cli(args: string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
    return runCli(args, {
      cwd: REPO_ROOT,
      env: {
        SWITCHYARD_API_URL: this.apiUrl,
        SWITCHYARD_TOKEN: this.ownerToken,
        XDG_CONFIG_HOME: path.join(this.stateDir, 'cli-config'),
      },
      timeoutMs: options.timeoutMs,
    });
  }

  /** The path-based service URL through the gateway. */
  serviceUrl(service: string, project = 'default'): string {
    return `${this.gatewayUrl}/s/${project}/${service}/`;
  }

  /**
   * This service's live replica processes, from /proc rather than from our own records: one
   * entry per process group whose members carry SWITCHYARD_SERVICE=<id> (a replica's command
   * runs under /bin/sh, so a group may hold the shell and node), with its version id.
   */
  replicaProcesses(serviceId: string): ReplicaProcess[] {
    const groups = liveGroupsOf(serviceId);
    const versionOf = new Map<number, string>();
    for (const { pid, value } of pidsWithEnv('SWITCHYARD_VERSION', () => true))
      versionOf.set(pid, value);
    return [...groups.entries()].map(([pgid, pids]) => ({
      pgid,
      pids,
      versionId: pids.map((pid) => versionOf.get(pid)).find((v) => v !== undefined) ?? 'unknown',
    }));
  }

  /** Live replica process groups per version id. */
  replicaCounts(serviceId: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { versionId } of this.replicaProcesses(serviceId))
      counts.set(versionId, (counts.get(versionId) ?? 0) + 1);
    return counts;
  }

  /** Every service id of this stack's database (to find its replicas). */
  async serviceIds(): Promise<string[]> {
    const db = createDb(this.databaseUrl, { poolSize: 1 });
    try {
      return (await db.service.findMany({ select: { id: true } })).map((s) => s.id);
    } finally {
      await db.$disconnect();
    }
  }

  /** Stops the three processes, SIGKILLs every replica of this stack, removes its Redis keys. */
  async close(): Promise<void> {
    await Promise.all([this.gateway.close(), this.worker.close(), this.api.close()]);
    const ids = new Set(await this.serviceIds().catch(() => [] as string[]));
    for (const { pid } of pidsWithEnv('SWITCHYARD_SERVICE', (v) => ids.has(v))) {
      const stat = readProcStat(pid);
      if (!stat || stat.pgid <= 1) continue;
      try {
        process.kill(-stat.pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const redis = createRedis(REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `${this.redisPrefix}:*`,
          'COUNT',
          500,
        );
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      await redis.quit();
    }
    rmSync(this.buildDir, { recursive: true, force: true });
    if (this.ownsStateDir && !process.env.E2E_KEEP_STATE)
      rmSync(this.stateDir, { recursive: true, force: true });
  }
}
