import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFrom } from './errors';
import { ProxiedRequest } from './proxied-request';
import type { ProxyContext } from './proxy-context';
import { isRouteError, routeRequest, type ServiceRequestAddress } from './route-request';
import { sendHttpError } from './send-error';

/**
 * Service traffic over plain HTTP: route from the routing table alone (no I/O on the request
 * path), answer routing errors at once, hand everything else to a ProxiedRequest.
 */
export function proxyHttpRequest(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  address: ServiceRequestAddress,
): void {
  const started = performance.now();
  const requestId = requestIdFrom(req.headers['x-request-id']);
  const routed = routeRequest(ctx.table(), address, req, ctx.random);
  if (!isRouteError(routed)) {
    new ProxiedRequest(ctx, req, res, routed, requestId, started).run();
    return;
  }
  const { error, entry } = routed;
  const status = sendHttpError(res, error, requestId, {
    retryAfterS: ctx.config.GATEWAY_RETRY_AFTER_S,
    realm: entry?.endpointSlug,
  });
  const metrics = ctx.metrics.forVersion(entry?.endpointSlug ?? '(unknown)', '', '');
  metrics.recordResponse(status, (performance.now() - started) / 1000);
  if (error.kind === 'no_versions') metrics.unavailable('no_versions');
}
