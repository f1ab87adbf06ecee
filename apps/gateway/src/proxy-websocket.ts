import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { acquireSlot } from './acquire-slot';
import { GatewayError, requestIdFrom } from './errors';
import { upstreamRequestHeaders } from './forward-headers';
import type { VersionMetrics } from './metrics';
import { queueWaitMs, requestTimeoutMs, type ProxyContext } from './proxy-context';
import { Lease } from './replica-balancer';
import type { ReplicaSlot } from './replica-slots';
import { retryDecision } from './retry-policy';
import {
  isRouteError,
  routeRequest,
  type RouteTarget,
  type ServiceRequestAddress,
} from './route-request';
import { writeSocketError } from './send-error';
import { relayNonUpgradeResponse, spliceUpgraded } from './websocket-splice';

type Attempt =
  | { kind: 'upgraded' }
  | { kind: 'answered'; status: number }
  | { kind: 'failed'; error: Error; connected: boolean };

/**
 * WebSocket (and any other `Upgrade`) requests, from Node's 'upgrade' event: routed, authorized
 * and balanced like HTTP requests (an open WebSocket holds one of its replica's
 * max_ongoing_requests slots, as in Ray Serve, until it closes), then a node:http upgrade
 * request to the replica; on its 101 the two sockets are spliced together. Connection failures
 * before the 101 are retried on another replica (an upgrade is a GET: nothing was done yet).
 * An open WebSocket is not affected by routing changes or by its replica draining.
 */
export class WebSocketProxy {
  private readonly sockets = new Set<Duplex>();

  constructor(private readonly ctx: ProxyContext) {}

  handle(req: IncomingMessage, socket: Duplex, head: Buffer, address: ServiceRequestAddress) {
    socket.on('error', () => socket.destroy());
    const started = performance.now();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const routed = routeRequest(this.ctx.table(), address, req, this.ctx.random);
    if (isRouteError(routed)) {
      const { error, entry } = routed;
      const status = this.answer(socket, error, requestId, entry?.endpointSlug);
      const metrics = this.ctx.metrics.forVersion(entry?.endpointSlug ?? '(unknown)', '', '');
      metrics.recordResponse(status, null);
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    void this.proxy(req, socket, head, routed, requestId, started).catch((error: unknown) => {
      this.ctx.logger.error({ err: error, requestId }, 'websocket proxy failure');
      socket.destroy();
    });
  }

  /** Closes every proxied socket (gateway shutdown). */
  closeAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private async proxy(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: RouteTarget,
    requestId: string,
    started: number,
  ): Promise<void> {
    const { ctx } = this;
    const metrics = ctx.metrics.forVersion(
      target.entry.endpointSlug,
      target.version.name,
      target.version.role,
    );
    const timeoutMs = requestTimeoutMs(ctx.config, target.entry);
    const deadlineAt = performance.now() + timeoutMs;
    let tried: Set<ReplicaSlot> | undefined;
    let retries = 0;
    let cancelWait: (() => void) | null = null;
    let upstream: ReturnType<typeof httpRequest> | null = null;
    let settled = false;
    metrics.enter();
    /** Records the outcome once; `error` is answered on the socket first. */
    const finish = (status: number, error?: GatewayError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) status = this.answer(socket, error, requestId, target.entry.endpointSlug);
      const ms = performance.now() - started;
      metrics.recordResponse(status, ms / 1000);
      ctx.traffic.record(target.entry.serviceId, target.version.versionId, status, ms, Date.now());
      // An open WebSocket stays in flight until it closes (see spliceUpgraded's callback).
      if (status !== 101) metrics.leave();
    };
    const onDeadline = () => {
      cancelWait?.();
      upstream?.destroy();
      finish(0, new GatewayError('upstream_timeout', `no upgrade within ${timeoutMs / 1000} s`));
    };
    const deadline = setTimeout(onDeadline, timeoutMs);
    socket.once('close', () => {
      cancelWait?.();
      if (!settled) upstream?.destroy();
      finish(499);
    });

    for (;;) {
      if (settled) return;
      const remainingMs = deadlineAt - performance.now();
      const waitMs = queueWaitMs(ctx, target.deploymentKey, remainingMs);
      const got = await acquireSlot(
        ctx.balancer,
        target.deploymentKey,
        tried,
        waitMs,
        (cancel) => (cancelWait = cancel),
      );
      if (settled) {
        if (got instanceof Lease) got.release();
        return;
      }
      if (!(got instanceof Lease)) {
        if (got === 'queue_full' || got === 'queue_timeout') {
          if (got === 'queue_timeout' && waitMs >= remainingMs) return onDeadline();
          metrics.unavailable(got);
          return finish(0, new GatewayError(got, 'every replica is at its max_ongoing_requests'));
        }
        // 'gone' (the version left while we waited) or 'exhausted': the caller reconnects.
        return finish(0, new GatewayError('upstream_failed', 'no replica could be reached'));
      }
      const lease = got;
      const attempt = await this.attempt(
        req,
        socket,
        head,
        target,
        requestId,
        lease,
        metrics,
        (r) => (upstream = r),
      );
      if (attempt.kind === 'upgraded') {
        finish(101);
        return;
      }
      if (attempt.kind === 'answered') return finish(attempt.status);
      if (settled) return;
      const code = (attempt.error as { code?: string }).code;
      const decision = retryDecision(
        { connected: attempt.connected, code },
        {
          method: 'GET',
          hasIdempotencyKey: false,
          body: 'none',
          retriesSoFar: retries,
          maxRetries: ctx.config.GATEWAY_RETRY_ATTEMPTS,
        },
      );
      if (!decision.retry)
        return finish(0, new GatewayError('upstream_failed', 'the replica did not answer'));
      retries++;
      metrics.retry(decision.reason);
      if (!attempt.connected) ctx.balancer.markUnreachable(lease.replica);
      (tried ??= new Set()).add(lease.replica);
    }
  }

  /** One upgrade request to one replica; the lease is released when that replica is done. */
  private attempt(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: RouteTarget,
    requestId: string,
    lease: Lease,
    metrics: VersionMetrics,
    track: (upstream: ReturnType<typeof httpRequest>) => void,
  ): Promise<Attempt> {
    const { ctx } = this;
    const url = new URL(lease.replica.origin);
    const headers = upstreamRequestHeaders(req, {
      stripAuthorization: target.entry.auth.enabled,
      requestId,
      mountPath: target.address.mountPath,
    });
    headers.push('connection', 'Upgrade', 'upgrade', String(req.headers.upgrade ?? 'websocket'));
    return new Promise<Attempt>((resolve) => {
      let connected = false;
      const upstream = httpRequest({
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: target.address.forwardPath,
        headers,
        agent: false, // the upgraded socket leaves any pool anyway
      });
      track(upstream);
      const connectTimer = setTimeout(() => {
        upstream.destroy(
          Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
        );
      }, ctx.config.GATEWAY_CONNECT_TIMEOUT_MS);
      upstream.once('socket', (s: Socket) => {
        s.once('connect', () => {
          connected = true;
          clearTimeout(connectTimer);
        });
      });
      upstream.once('upgrade', (res, upSocket, upHead) => {
        clearTimeout(connectTimer);
        if (socket.destroyed) {
          upSocket.destroy();
          lease.release();
          return resolve({ kind: 'answered', status: 499 });
        }
        ctx.metrics.websockets.inc(metrics.labels);
        spliceUpgraded(res, socket, head, upSocket, upHead, () => {
          lease.release();
          ctx.metrics.websockets.dec(metrics.labels);
          metrics.leave();
        });
        resolve({ kind: 'upgraded' });
      });
      upstream.once('response', (res) => {
        clearTimeout(connectTimer);
        relayNonUpgradeResponse(res, socket, () => lease.release());
        resolve({ kind: 'answered', status: res.statusCode ?? 502 });
      });
      upstream.once('error', (error) => {
        clearTimeout(connectTimer);
        lease.release();
        resolve({ kind: 'failed', error, connected });
      });
      upstream.end();
    });
  }

  private answer(socket: Duplex, error: GatewayError, requestId: string, realm?: string): number {
    return writeSocketError(socket, error, requestId, {
      retryAfterS: this.ctx.config.GATEWAY_RETRY_AFTER_S,
      realm,
    });
  }
}
