/**
 * The control plane the CLI talks to, as it runs in production: the real API process (and, for
 * rollouts, the real worker process on the simulated cloud) on a fresh database and Redis
 * prefix. Processes rather than the API's in-process harness: apps may not import each other
 * (Nx module boundaries), and a process is what a CI job's CLI meets anyway.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import {
  createTestDatabase,
  startTsProcess,
  type RunningProcess,
  type TestDatabase,
} from '@switchyard/testing';

const ADMIN_TOKEN = 'platform-admin-' + randomBytes(20).toString('hex');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Tenant {
  owner: string;
  member: string;
  viewer: string;
}

export class ControlPlane {
  private constructor(
    readonly apiUrl: string,
    private readonly database: TestDatabase,
    private readonly redisPrefix: string,
    readonly api: RunningProcess,
    readonly worker: RunningProcess | undefined,
    private readonly simDir: string,
  ) {}

  /** `worker: true` for tests whose rollouts must progress (SIM clouds, fast polling). */
  static async start(options: { worker: boolean }): Promise<ControlPlane> {
    const database = await createTestDatabase();
    const redisPrefix = `sy-cli-test-${randomBytes(6).toString('hex')}`;
    const simDir = mkdtempSync(path.join(tmpdir(), 'switchyard-cli-sim-'));
    const common = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      SWITCHYARD_ENABLE_SIM_PROVIDER: 'true',
      LOG_LEVEL: 'info',
    };
    const api = startTsProcess('apps/api/src/main.ts', {
      ...common,
      API_HOST: '127.0.0.1',
      // Port 0: the API binds a free port and logs it (a port picked up front can be taken
      // by another test's process before the API binds it: EADDRINUSE in CI).
      API_PORT: '0',
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      ROLLOUT_POLL_INTERVAL_S: '0.2',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    const worker = options.worker
      ? startTsProcess('apps/worker/src/main.ts', {
          ...common,
          SIM_PROVIDER_STATE_DIR: simDir,
          SIM_LEDGER_READS: '0',
          WORKER_OPS_PORT: '0',
          RECONCILE_INTERVAL_MS: '1000',
          NODE_SYNC_INTERVAL_MS: '500',
        })
      : undefined;
    let apiUrl = '';
    const plane = () => new ControlPlane(apiUrl, database, redisPrefix, api, worker, simDir);
    try {
      const [listening] = await Promise.all([
        api.waitForLog((l) => l.msg === 'api listening', 60_000),
        worker?.waitForLog((l) => l.msg === 'worker started', 60_000),
      ]);
      apiUrl = String(listening.url);
    } catch (error) {
      await plane().close();
      throw error;
    }
    return plane();
  }

  async request<T = any>(
    method: string,
    urlPath: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.apiUrl + urlPath, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async expectOk<T = any>(
    method: string,
    urlPath: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<T> {
    const res = await this.request<T>(method, urlPath, token, body);
    if (res.status >= 300)
      throw new Error(
        `${method} ${urlPath}: expected success, got ${res.status}: ${JSON.stringify(res.body)}`,
      );
    return res.body;
  }

  /** An organization with an owner, a member and a viewer, projects `default` and `shop`, and a SIM cloud `sim`. */
  async tenant(name = `cli-${randomBytes(4).toString('hex')}`): Promise<Tenant> {
    const created = await this.expectOk('POST', '/v1/admin/organizations', ADMIN_TOKEN, {
      name,
      owner_email: `owner@${name}.test`,
    });
    const owner: string = created.token.secret;
    const tokenOf = async (role: 'MEMBER' | 'VIEWER') => {
      const member = await this.expectOk('POST', '/v1/members', owner, {
        email: `${role.toLowerCase()}@${name}.test`,
        role,
      });
      const scopes = role === 'VIEWER' ? ['READ'] : ['READ', 'DEPLOY'];
      return (
        await this.expectOk('POST', '/v1/tokens', owner, {
          name: role,
          scopes,
          user_id: member.user_id,
        })
      ).secret as string;
    };
    for (const project of ['default', 'shop'])
      await this.expectOk('POST', '/v1/projects', owner, { name: project });
    await this.expectOk('POST', '/v1/clouds', owner, { name: 'sim', provider: 'SIM' });
    return { owner, member: await tokenOf('MEMBER'), viewer: await tokenOf('VIEWER') };
  }

  async close(): Promise<void> {
    await Promise.all(
      [this.worker, this.api].map((p) => p?.stop('SIGTERM').catch(() => p.stop('SIGKILL'))),
    );
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${this.redisPrefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    await this.database.drop();
    rmSync(this.simDir, { recursive: true, force: true });
  }
}
