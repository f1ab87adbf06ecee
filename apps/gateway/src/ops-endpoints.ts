import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { runReadinessChecks, type ReadinessCheck } from '@switchyard/platform';
import { GatewayError, requestIdFrom } from './errors';
import { sendHttpError } from './send-error';

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * `/healthz`, `/readyz`, `/metrics`: answered only for requests that are not service traffic
 * (neither a service host nor `/s/…`, see resolve-service.ts), so they never shadow a service.
 * Anything else on such an address is the usual 404 JSON.
 */
export function serveOps(
  req: IncomingMessage,
  res: ServerResponse,
  options: { registry: Registry; checks: ReadinessCheck[]; retryAfterS: number },
): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === '/healthz') return json(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    void runReadinessChecks(options.checks).then((report) =>
      json(res, report.ready ? 200 : 503, report),
    );
    return;
  }
  if (path === '/metrics') {
    options.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': options.registry.contentType });
        res.end(text);
      },
      (error: Error) => json(res, 500, { error: { code: 'internal', message: error.message } }),
    );
    return;
  }
  sendHttpError(
    res,
    new GatewayError('unknown_service', 'no service at this address'),
    requestIdFrom(req.headers['x-request-id']),
    { retryAfterS: options.retryAfterS },
  );
}
