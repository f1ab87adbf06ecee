import { randomBytes } from 'node:crypto';
import { createLogger, createRedis, loadEnv, type Redis } from '@switchyard/platform';
import { RoutingPublisher, type RoutingEntry } from '@switchyard/routing';
import { Agent, request, type Dispatcher } from 'undici';
import { gatewayEnvSchema } from '../../src/config';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/gateway';
import { serviceEntry, type ServiceSpec } from './entries';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/**
 * One in-process gateway on a loopback port, on real Redis under a prefix of its own (so test
 * files never see each other's routes), with a publisher to change its routing table the way
 * the control plane does.
 */
export class GatewayHarness {
  readonly gateways: RunningGateway[] = [];
  private readonly revisions = new Map<string, number>();
  readonly agent = new Agent({ connections: 128, keepAliveTimeout: 10_000 });

  private constructor(
    readonly prefix: string,
    readonly redis: Redis,
    readonly publisher: RoutingPublisher,
    readonly env: Record<string, string>,
  ) {}

  static async start(
    env: Record<string, string> = {},
    options: GatewayOptions & { startGateway?: boolean } = {},
  ): Promise<GatewayHarness> {
    const prefix = `sy-test-gw-${randomBytes(6).toString('hex')}`;
    const redis = createRedis(REDIS_URL);
    const harness = new GatewayHarness(prefix, redis, new RoutingPublisher(redis, prefix), env);
    if (options.startGateway !== false) await harness.startGateway({}, options);
    return harness;
  }

  /** Starts a(nother) gateway on the same Redis prefix. */
  async startGateway(
    env: Record<string, string> = {},
    options: GatewayOptions = {},
  ): Promise<RunningGateway> {
    const config = loadEnv(gatewayEnvSchema, {
      NODE_ENV: 'test',
      REDIS_URL,
      REDIS_PREFIX: this.prefix,
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'silent',
      GATEWAY_MIN_DRAINING_PERIOD_S: '0.2',
      GATEWAY_TELEMETRY_INTERVAL_MS: '200',
      GATEWAY_ROUTING_RESYNC_MS: '1000',
      ...this.env,
      ...env,
    });
    const gateway = await startGateway(config, createLogger('gateway', config.LOG_LEVEL), options);
    this.gateways.push(gateway);
    return gateway;
  }

  get gateway(): RunningGateway {
    return this.gateways[0]!;
  }

  get base(): string {
    return `http://127.0.0.1:${this.gateway.port}`;
  }

  /** Path-form URL of a service. */
  url(path = '/', project = 'proj', service = 'svc', gateway = this.gateway): string {
    return `http://127.0.0.1:${gateway.port}/s/${project}/${service}${path}`;
  }

  /**
   * Publishes the next revision of a service and waits until every running gateway applied it
   * (polling the gateway's routing version, never sleeping blindly).
   */
  async publish(spec: ServiceSpec, options: { wait?: boolean } = {}): Promise<RoutingEntry> {
    const draft = serviceEntry(spec, 0);
    const revision = (this.revisions.get(draft.serviceId) ?? 0) + 1;
    this.revisions.set(draft.serviceId, revision);
    const entry = { ...draft, revision };
    const result = await this.publisher.publish(entry);
    if (!result.applied) throw new Error(`publish of ${entry.serviceId}@${revision} not applied`);
    if (options.wait !== false) await this.waitForRouting(result.version);
    return entry;
  }

  async remove(serviceId: string): Promise<void> {
    const revision = (this.revisions.get(serviceId) ?? 0) + 1;
    this.revisions.set(serviceId, revision);
    const result = await this.publisher.remove(serviceId, revision);
    await this.waitForRouting(result.version);
  }

  async waitForRouting(version: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const gateway of this.gateways) {
      while (gateway.routingVersion() < version) {
        if (Date.now() > deadline)
          throw new Error(`gateway did not reach routing version ${version}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  }

  /** An HTTP request through undici (keep-alive agent of the harness). */
  async call(
    url: string,
    options: {
      method?: Dispatcher.HttpMethod;
      headers?: Record<string, string>;
      body?: string;
      dispatcher?: Dispatcher;
    } = {},
  ): Promise<Reply> {
    const res = await request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      dispatcher: options.dispatcher ?? this.agent,
    });
    const text = await res.body.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  }

  async stop(): Promise<void> {
    await Promise.all(this.gateways.map((g) => g.stop()));
    await this.agent.close();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.redis.del(...keys);
    } while (cursor !== '0');
    await this.redis.quit();
  }
}

/** Runs `fn` for 0..n-1 with at most `concurrency` at once. */
export async function inParallel(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}
