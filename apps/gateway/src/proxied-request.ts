import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from './errors';
import { downstreamHeaderList, upstreamRequestHeaders } from './forward-headers';
import type { VersionMetrics } from './metrics';
import { queueWaitMs, requestTimeoutMs, type ProxyContext } from './proxy-context';
import { Lease } from './replica-balancer';
import type { ReplicaSlot } from './replica-slots';
import { readRequestBody, type RequestBody } from './request-body';
import { retryDecision } from './retry-policy';
import { failoverTarget, isRouteError, routeRequest, type RouteTarget } from './route-request';
import { sendHttpError } from './send-error';
import { UpstreamExchange } from './upstream-exchange';
import { BalancerError } from './wait-queue';

/** Times a request may be routed again because its deployment left the table meanwhile. */
const MAX_REROUTES = 3;
// Abort reasons, made once: an Error captures a stack trace, too dear for every request.
const DEADLINE_PASSED = new Error('request deadline passed');
const CALLER_GONE = new Error('the caller closed the connection');

const errorCode = (error: Error) => (error as { code?: string }).code;

/**
 * One proxied HTTP request, from its routed target to the end of the response:
 * body in hand → slot on a replica (at once, or through the bounded queue) → attempt →
 * retry on another replica while the retry policy allows → stream the response.
 * A deadline (the service's request timeout) covers everything up to the response headers.
 *
 * Written as callbacks rather than async functions on purpose: the common path (a free slot,
 * one attempt) then runs without a single promise, and this is the gateway's hottest code.
 */
export class ProxiedRequest {
  private metrics: VersionMetrics;
  /** Our part is over: an answer was sent or is streaming, or the caller left. */
  private done = false;
  private body: RequestBody | null = null;
  private exchange: UpstreamExchange | null = null;
  private cancelWait: (() => void) | null = null;
  private deadline: NodeJS.Timeout | undefined;
  private deadlineAt = Infinity;
  private timeoutMs = 0;
  private tried: Set<ReplicaSlot> | undefined;
  private retries = 0;
  private reroutes = 0;
  /** Moved to another version once already (onVersionUnreachable). */
  private failedOver = false;
  private upstreamHeaders: string[] | null = null;

  constructor(
    private readonly ctx: ProxyContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private target: RouteTarget,
    private readonly requestId: string,
    private readonly started: number,
  ) {
    this.metrics = this.metricsFor(target);
  }

  run(): void {
    this.metrics.enter();
    this.res.on('close', this.onClose); // emitted once; `on` spares once()'s wrapper
    const body = readRequestBody(this.req, this.ctx.config.GATEWAY_RETRY_BODY_LIMIT_BYTES);
    if (!(body instanceof Promise)) return this.start(body);
    body.then(
      (read) => (read ? this.start(read) : undefined), // null: the caller left mid-body
      () => undefined,
    );
  }

  private start(body: RequestBody): void {
    if (this.done) return;
    this.body = body;
    this.timeoutMs = requestTimeoutMs(this.ctx.config, this.target.entry);
    this.deadlineAt = performance.now() + this.timeoutMs;
    this.deadline = setTimeout(this.onDeadline, this.timeoutMs);
    this.next();
  }

  /** The next attempt: on a free slot now, or after a wait in the deployment's queue. */
  private next(): void {
    if (this.done) return;
    const got = this.ctx.balancer.tryAcquire(this.target.deploymentKey, this.tried);
    if (got instanceof Lease) return this.attempt(got);
    switch (got) {
      case 'gone':
        if (this.reroute()) this.next();
        return;
      case 'exhausted':
        return this.onVersionUnreachable();
      case 'busy':
        return this.queue();
    }
  }

  private queue(): void {
    const remainingMs = this.deadlineAt - performance.now();
    if (remainingMs <= 0) return this.onDeadline(); // retries used up the time: 504
    const waitMs = queueWaitMs(this.ctx, this.target.deploymentKey, remainingMs);
    const wait = this.ctx.balancer.wait(this.target.deploymentKey, this.tried, waitMs);
    this.cancelWait = wait.cancel;
    wait.lease.then(
      (lease) => {
        this.cancelWait = null;
        if (this.done) lease.release();
        else this.attempt(lease);
      },
      (error: unknown) => {
        this.cancelWait = null;
        if (this.done || !(error instanceof BalancerError)) return;
        switch (error.kind) {
          case 'gone':
            if (this.reroute()) this.next();
            return;
          case 'exhausted':
            return this.onVersionUnreachable();
          case 'queue_full':
          case 'queue_timeout':
            // The wait was cut short by the request's deadline: that is a 504, not a 503.
            if (error.kind === 'queue_timeout' && waitMs >= remainingMs) return this.onDeadline();
            this.metrics.unavailable(error.kind);
            return this.fail(
              new GatewayError(error.kind, 'every replica is at its max_ongoing_requests'),
            );
        }
      },
    );
  }

  private attempt(lease: Lease): void {
    const { replica } = lease;
    const body = this.body!;
    const pool = this.ctx.pools.begin(replica.origin);
    let headers = (this.upstreamHeaders ??= upstreamRequestHeaders(this.req, {
      stripAuthorization: this.target.entry.auth.enabled,
      requestId: this.requestId,
      mountPath: this.target.address.mountPath,
    }));
    if (body.kind === 'streamed' && body.length !== undefined)
      headers = [...headers, 'content-length', body.length];
    const exchange = new UpstreamExchange(
      this.res,
      lease,
      this.ctx.pools,
      pool,
      this.prepareHeaders,
      this.onAttemptFailed,
    );
    this.exchange = exchange;
    pool.pool.dispatch(
      {
        method: this.req.method ?? 'GET',
        path: this.target.address.forwardPath,
        headers,
        body: body.kind === 'buffered' ? body.data : body.kind === 'streamed' ? body.stream : null,
      },
      exchange,
    );
  }

  /** The replica answered: the deadline is met; shape the caller's headers. */
  private readonly prepareHeaders = (headers: IncomingHttpHeaders) => {
    this.done = true;
    clearTimeout(this.deadline);
    const extra = [
      'x-switchyard-version',
      this.target.version.name,
      'x-request-id',
      this.requestId,
    ];
    if (this.target.setCookie) extra.push('set-cookie', this.target.setCookie);
    return downstreamHeaderList(headers, extra);
  };

  /** An attempt failed before any response byte: retry elsewhere if the policy allows. */
  private readonly onAttemptFailed = (error: Error, connected: boolean, lease: Lease): void => {
    if (this.done) return;
    const decision = retryDecision(
      { connected, code: errorCode(error) },
      {
        method: this.req.method ?? 'GET',
        hasIdempotencyKey: this.req.headers['idempotency-key'] !== undefined,
        body: this.body!.kind,
        retriesSoFar: this.retries,
        maxRetries: this.ctx.config.GATEWAY_RETRY_ATTEMPTS,
      },
    );
    this.ctx.logger.debug(
      { requestId: this.requestId, replica: lease.replica.replicaId, err: error, decision },
      'attempt failed',
    );
    if (!decision.retry) {
      // Out of retries, but not a byte reached any replica: another version may still answer.
      if (!connected && decision.reason === 'attempts_exhausted')
        return this.onVersionUnreachable();
      this.fail(new GatewayError('upstream_failed', 'the replica did not answer'));
      return;
    }
    this.retries++;
    this.metrics.retry(decision.reason);
    if (!connected) this.ctx.balancer.markUnreachable(lease.replica);
    (this.tried ??= new Set()).add(lease.replica);
    this.next();
  };

  /** The deployment left the routing table while we waited: route again with the new table. */
  /**
   * No replica of the version could be reached: move the request, once, to another version
   * that carries traffic (see failoverTarget for why and when), or answer 502.
   */
  private onVersionUnreachable(): void {
    const refuge = this.failedOver ? undefined : failoverTarget(this.target);
    if (!refuge)
      return this.fail(new GatewayError('upstream_failed', 'no replica could be reached'));
    this.failedOver = true;
    this.metrics.retry('version_failover');
    this.target = refuge;
    this.tried = undefined;
    this.metrics.leave();
    this.metrics = this.metricsFor(refuge);
    this.metrics.enter();
    this.next();
  }

  private reroute(): boolean {
    if (++this.reroutes > MAX_REROUTES) {
      this.fail(new GatewayError('upstream_failed', 'the service kept changing under the request'));
      return false;
    }
    const routed = routeRequest(this.ctx.table(), this.target.address, this.req, this.ctx.random);
    if (isRouteError(routed)) {
      this.fail(routed.error);
      return false;
    }
    this.target = routed;
    this.tried = undefined;
    this.metrics.leave();
    this.metrics = this.metricsFor(routed);
    this.metrics.enter();
    return true;
  }

  private readonly onDeadline = (): void => {
    if (this.done) return;
    // Answer first (which marks the request done), so the aborted attempt is not retried.
    this.fail(
      new GatewayError('upstream_timeout', `no response within ${this.timeoutMs / 1000} s`),
    );
    this.cancelWait?.();
    this.exchange?.abort(DEADLINE_PASSED);
  };

  /** The response is over: sent in full, or the caller went away first. */
  private readonly onClose = (): void => {
    clearTimeout(this.deadline);
    if (!this.res.writableFinished) {
      // The caller left: stop waiting, stop the attempt (which frees the replica's slot).
      this.done = true;
      this.cancelWait?.();
      this.exchange?.abort(CALLER_GONE);
    }
    // 499 (nginx's "client closed request"): the caller left before any answer.
    const status = this.res.headersSent ? this.res.statusCode : 499;
    const ms = performance.now() - this.started;
    this.metrics.leave();
    this.metrics.recordResponse(status, ms / 1000);
    this.ctx.traffic.record(
      this.target.entry.serviceId,
      this.target.version.versionId,
      status,
      ms,
      Date.now(),
    );
  };

  private fail(error: GatewayError): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.deadline);
    sendHttpError(this.res, error, this.requestId, {
      retryAfterS: this.ctx.config.GATEWAY_RETRY_AFTER_S,
      realm: this.target.entry.endpointSlug,
    });
  }

  private metricsFor(target: RouteTarget): VersionMetrics {
    return this.ctx.metrics.forVersion(
      target.entry.endpointSlug,
      target.version.name,
      target.version.role,
    );
  }
}
