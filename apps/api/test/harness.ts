import type { CloudSpec, CloudValidation } from '@switchyard/cloud-providers';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createDb, type Db } from '@switchyard/db';
import {
  createLogger,
  createMetricsRegistry,
  createRedis,
  loadEnv,
  SecretBox,
  type Redis,
} from '@switchyard/platform';
import { createTestDatabase } from '@switchyard/testing';
import { JobQueue } from '@switchyard/jobs';
import { createApiApp } from '../src/app';
import { apiEnvSchema, type ApiConfig } from '../src/config';
import type { Clock } from '../src/infra/clock';

export const ADMIN_TOKEN = 'platform-admin-' + 'x'.repeat(40);

/**
 * A clock the test moves by hand: fixed at a known instant by default, or following real time
 * (plus whatever the test advanced) when other processes — the worker — share the timeline.
 */
export class TestClock implements Clock {
  private offset = 0;
  constructor(private readonly start: number | 'real-time' = Date.parse('2026-11-22T10:00:00Z')) {}
  now(): Date {
    return new Date((this.start === 'real-time' ? Date.now() : this.start) + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/**
 * The real API on a fresh database (copied from the migrated template) and its own Redis
 * key prefix, listening on a loopback port. Log lines are captured for assertions.
 */
export class ApiHarness {
  private constructor(
    readonly app: NestExpressApplication,
    readonly baseUrl: string,
    readonly db: Db,
    readonly redis: Redis,
    readonly config: ApiConfig,
    readonly clock: TestClock,
    readonly logs: string[],
    readonly secretBox: SecretBox,
    readonly jobs: JobQueue,
    private readonly dropDatabase: () => Promise<void>,
    /** Every AWS/GCP record the API checked against its cloud (a fake: tests never leave loopback). */
    readonly cloudChecks: CloudSpec[],
  ) {}

  static async start(
    env: Record<string, string> = {},
    options: { realTime?: boolean } = {},
  ): Promise<ApiHarness> {
    const database = await createTestDatabase();
    const config = loadEnv(apiEnvSchema, {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_PREFIX: `sy-test-${randomBytes(6).toString('hex')}`,
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'info',
      ...env,
    });
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const db = createDb(config.DATABASE_URL, { poolSize: 5 });
    const redis = createRedis(config.REDIS_URL);
    const clock = new TestClock(options.realTime ? 'real-time' : undefined);
    const secretBox = SecretBox.fromString(config.SWITCHYARD_MASTER_KEY);
    const jobs = new JobQueue(createRedis(config.REDIS_URL), config.REDIS_PREFIX);
    const cloudChecks: CloudSpec[] = [];
    const app = await createApiApp({
      config,
      db,
      redis,
      logger: createLogger('api', config.LOG_LEVEL, sink),
      metrics: createMetricsRegistry('api'),
      secretBox,
      clock,
      jobs,
      validateCloud: async (cloud) => {
        cloudChecks.push(cloud);
        return fakeCloudCheck(cloud);
      },
    });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    return new ApiHarness(
      app,
      `http://127.0.0.1:${port}`,
      db,
      redis,
      config,
      clock,
      logs,
      secretBox,
      jobs,
      database.drop,
      cloudChecks,
    );
  }

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, docs)
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  /** Row counts of every table, to prove a refused request changed nothing. */
  async rowCounts(): Promise<Record<string, number>> {
    const rows = await this.db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`;
    const counts: Record<string, number> = {};
    for (const { table_name } of rows) {
      const [row] = await this.db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "${table_name}"`,
      );
      counts[table_name] = Number(row!.n);
    }
    return counts;
  }

  async close(): Promise<void> {
    try {
      // fetch keeps connections alive; close them instead of waiting out their idle timeout.
      this.app.getHttpServer().closeAllConnections();
      await this.app.close();
      await this.jobs.close();
      await this.db.$disconnect();
      const keys = await this.redis.keys(`${this.config.REDIS_PREFIX}:*`);
      if (keys.length) await this.redis.del(...keys);
      await this.redis.quit();
    } finally {
      await this.dropDatabase();
    }
  }
}

/** Credentials the fake cloud refuses, as AWS would refuse a key without ec2:RunInstances. */
export const DENIED_ACCESS_KEY_ID = 'AKIADENIEDDENIED0000';

function fakeCloudCheck(cloud: CloudSpec): CloudValidation {
  const credentials = cloud.credentials as { access_key_id?: string } | null;
  if (credentials?.access_key_id === DENIED_ACCESS_KEY_ID) {
    return {
      ok: false,
      kind: 'permission',
      message:
        'UnauthorizedOperation: You are not authorized to perform this operation (ec2:RunInstances)',
    };
  }
  return { ok: true };
}
