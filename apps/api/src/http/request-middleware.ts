import type { NextFunction, Request, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';
import type { Logger } from '@switchyard/platform';
import { requestIdFrom, type SwitchyardRequest } from './request-context';

/**
 * Gives each request its id (echoed as `X-Request-Id`), and on finish writes one structured
 * log line and one latency observation labelled by route template, never by raw path
 * (raw paths would make the metric's cardinality unbounded).
 */
export function requestMiddleware(logger: Logger, registry: Registry) {
  const duration = new Histogram({
    name: 'switchyard_api_request_duration_seconds',
    help: 'API request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    (req as SwitchyardRequest).ctx = { requestId };
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A route declared with a RegExp (the console's SPA fallback) logs as its source text:
      // pino would print the RegExp object as {}.
      const path = (req.route as { path?: string | RegExp } | undefined)?.path;
      const route = path === undefined ? 'unmatched' : String(path);
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger.info(
        {
          requestId,
          method: req.method,
          route,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(seconds * 1e4) / 10,
          orgId: (req as SwitchyardRequest).ctx.principal?.orgId,
          tokenId: (req as SwitchyardRequest).ctx.principal?.tokenId,
        },
        'request',
      );
    });
    next();
  };
}
