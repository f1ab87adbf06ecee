import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from './logger';
import { runReadinessChecks, type ReadinessCheck } from './readiness';

/**
 * `/healthz`, `/readyz` and `/metrics` for processes that have no HTTP API of their own
 * (the worker), or want them off the data-plane port.
 */
export async function startOpsServer(options: {
  host: string;
  port: number;
  registry: Registry;
  checks: ReadinessCheck[];
  logger: Logger;
}): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: { code: 'method_not_allowed', message: 'GET only', fields: [] } }));
    if (path === '/healthz') return send(200, JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      void runReadinessChecks(options.checks).then((report) =>
        send(report.ready ? 200 : 503, JSON.stringify(report)),
      );
      return;
    }
    if (path === '/metrics') {
      void options.registry.metrics().then(
        (text) => send(200, text, options.registry.contentType),
        (error: Error) => send(500, JSON.stringify({ error: { code: 'internal', message: error.message, fields: [] } })),
      );
      return;
    }
    send(404, JSON.stringify({ error: { code: 'not_found', message: `no route ${path}`, fields: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'ops server listening');
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
