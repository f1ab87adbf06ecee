import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetricsRegistry, createRedis, runReadinessChecks, type Logger } from '@switchyard/platform';
import type { GatewayConfig } from './config';

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The data plane. It never touches Postgres on the request path (DESIGN.md): its routing
 * table comes from Redis. Until services are routable, every service path answers 404.
 */
export async function startGateway(config: GatewayConfig, logger: Logger) {
  const redis = createRedis(config.REDIS_URL);
  const registry = createMetricsRegistry('gateway');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void runReadinessChecks([{ name: 'redis', check: () => redis.ping() }]).then((r) => json(res, r.ready ? 200 : 503, r));
      return;
    }
    if (path === '/metrics') {
      void registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      });
      return;
    }
    json(res, 404, { error: { code: 'not_found', message: 'no service at this address', fields: [] }, requestId: null });
  });
  await new Promise<void>((resolve) => server.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'gateway listening');
  return {
    port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit();
    },
  };
}
