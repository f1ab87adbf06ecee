import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createMetricsRegistry, createRedis, type Logger } from '@switchyard/platform';
import { RoutingSubscriber, type RoutingTable } from '@switchyard/routing';
import type { GatewayConfig } from './config';
import { GatewayMetrics, seriesKey } from './metrics';
import { serveOps } from './ops-endpoints';
import type { ProxyContext } from './proxy-context';
import { proxyHttpRequest } from './proxy-http';
import { WebSocketProxy } from './proxy-websocket';
import { ReplicaBalancer } from './replica-balancer';
import { parseServiceAddress } from './resolve-service';
import { writeSocketError } from './send-error';
import { GatewayError, requestIdFrom } from './errors';
import { TelemetryReporter } from './telemetry-reporter';
import { UpstreamPools } from './upstream-pools';

/** A replica that refused a connection is avoided this long while others can serve. */
const UNREACHABLE_COOLDOWN_MS = 1000;
/** Metrics of a version are exported this long after it left the routing table. */
const METRICS_RETENTION_MS = 10 * 60 * 1000;
/** On stop, in-flight requests get this long to finish before connections are cut. */
const STOP_GRACE_MS = 5000;

export interface RunningGateway {
  port: number;
  gatewayId: string;
  /** The routing version this gateway has applied (comparable with a publisher's `version`). */
  routingVersion(): number;
  /** Writes loads and traffic counters to Redis now (tests; the timer does it every interval). */
  flushTelemetry(): Promise<void>;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** [0, 1) for the weighted version draw; Math.random by default. */
  random?: () => number;
}

/**
 * The data plane (DESIGN.md "Data plane (gateway)"): one HTTP server for all services.
 * The routing table comes from Redis (pub/sub + periodic resync) and is held in memory, so the
 * request path never waits on Redis and never touches Postgres. Stateless: run any number.
 */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const connectionName = (role: string) => `gateway-${config.GATEWAY_ID}-${role}`;
  const redis = createRedis(config.REDIS_URL, { connectionName: connectionName('commands') });
  // Telemetry must fail fast while Redis is away, not queue up behind a reconnect.
  const telemetryRedis = createRedis(config.REDIS_URL, {
    connectionName: connectionName('telemetry'),
    enableOfflineQueue: false,
  });
  redis.on('error', (err) => logger.debug({ err }, 'redis'));
  telemetryRedis.on('error', (err) => logger.debug({ err }, 'redis (telemetry)'));
  const registry = createMetricsRegistry('gateway');
  const metrics = new GatewayMetrics(registry);

  const balancer = new ReplicaBalancer({
    queueMaxLength: config.GATEWAY_QUEUE_MAX_LENGTH,
    unreachableCooldownMs: UNREACHABLE_COOLDOWN_MS,
  });
  const pools = new UpstreamPools({
    minDrainingMs: config.GATEWAY_MIN_DRAINING_PERIOD_S * 1000,
    connectTimeoutMs: config.GATEWAY_CONNECT_TIMEOUT_MS,
    logger,
    onRelease: () => metrics.poolsReleased.inc(),
  });
  const pruneMetrics = (table: RoutingTable) => {
    const live = new Set<string>();
    for (const entry of table.entries())
      for (const v of entry.versions) live.add(seriesKey(entry.endpointSlug, v.name, v.role));
    metrics.prune(live, Date.now(), METRICS_RETENTION_MS);
  };
  const applyTable = (table: RoutingTable) => {
    // Synchronously, inside the subscriber's swap: no request sees the new table before the
    // balancer and the pools do.
    balancer.sync(table);
    pools.sync(balancer.routableOrigins());
    metrics.routingServices.set(table.size);
  };

  const quitRedis = () =>
    Promise.all([redis.quit(), telemetryRedis.quit()].map((p) => p.catch(() => undefined)));
  // No routing table, no gateway: a failed first load fails the start (and /readyz never lies).
  const routing = await RoutingSubscriber.start(
    () => createRedis(config.REDIS_URL, { connectionName: connectionName('routing') }),
    config.REDIS_PREFIX,
    {
      resyncIntervalMs: config.GATEWAY_ROUTING_RESYNC_MS,
      onChange: (table, change) => {
        applyTable(table);
        logger.debug({ ...change }, 'routing table changed');
      },
      onError: (err) => logger.warn({ err }, 'routing'),
    },
  ).catch(async (error: unknown) => {
    await quitRedis();
    throw error;
  });
  applyTable(routing.table());

  const telemetry = new TelemetryReporter({
    redis: telemetryRedis,
    prefix: config.REDIS_PREFIX,
    gatewayId: config.GATEWAY_ID,
    intervalMs: config.GATEWAY_TELEMETRY_INTERVAL_MS,
    windowS: config.GATEWAY_TELEMETRY_WINDOW_S,
    loads: () => balancer.loads(),
    metrics,
    logger,
  });

  const ctx: ProxyContext = {
    table: () => routing.table(),
    balancer,
    pools,
    metrics,
    traffic: telemetry.traffic,
    config,
    random: options.random ?? Math.random,
    logger,
  };
  const websockets = new WebSocketProxy(ctx);
  const opsOptions = {
    registry,
    retryAfterS: config.GATEWAY_RETRY_AFTER_S,
    checks: [
      { name: 'redis', check: () => redis.ping() },
      {
        name: 'routing',
        check: async () => {
          // Loaded at start; stale if no full resync succeeded for several intervals.
          const age = Date.now() - routing.lastResyncAt;
          if (age > config.GATEWAY_ROUTING_RESYNC_MS * 5)
            throw new Error(`routing table not resynced for ${age} ms`);
        },
      },
    ],
  };
  const server: Server = createServer((req, res) => {
    const address = parseServiceAddress(
      req.headers.host,
      req.url ?? '/',
      config.SERVICE_BASE_DOMAIN,
    );
    if (address.form === 'none') return serveOps(req, res, opsOptions);
    proxyHttpRequest(ctx, req, res, address);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const address = parseServiceAddress(
      req.headers.host,
      req.url ?? '/',
      config.SERVICE_BASE_DOMAIN,
    );
    if (address.form === 'none') {
      socket.on('error', () => socket.destroy());
      writeSocketError(
        socket,
        new GatewayError('unknown_service', 'no service at this address'),
        requestIdFrom(req.headers['x-request-id']),
        { retryAfterS: config.GATEWAY_RETRY_AFTER_S },
      );
      return;
    }
    websockets.handle(req, socket, head, address);
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject); // EADDRINUSE and the like: fail the start, do not crash
      server.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await Promise.all([routing.close(), quitRedis()]).catch(() => undefined);
    throw error;
  }

  const port = (server.address() as AddressInfo).port;
  telemetry.start();
  // Gauges that are read rather than counted, and forgetting versions long gone.
  const housekeeping = setInterval(() => {
    const counts = pools.counts();
    metrics.upstreamPools.set({ state: 'active' }, counts.active);
    metrics.upstreamPools.set({ state: 'draining' }, counts.draining);
    metrics.routingVersion.set(routing.version);
    pruneMetrics(routing.table());
  }, 1000);
  housekeeping.unref();
  logger.info(
    { port, gatewayId: config.GATEWAY_ID, services: routing.table().size },
    'gateway listening',
  );

  let stopping: Promise<void> | null = null;
  return {
    port,
    gatewayId: config.GATEWAY_ID,
    routingVersion: () => routing.version,
    flushTelemetry: () => telemetry.flush(),
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(housekeeping);
        // Stop accepting; let in-flight requests finish for a while, then cut what remains.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // WebSockets have no end to wait for: close them now, their callers reconnect to
        // another gateway.
        websockets.closeAll();
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([closed, new Promise((r) => (grace = setTimeout(r, STOP_GRACE_MS)))]);
        clearTimeout(grace);
        server.closeAllConnections();
        await telemetry.stop();
        await routing.close();
        await pools.close();
        await quitRedis();
      })()),
  };
}
