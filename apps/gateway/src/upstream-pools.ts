import { Pool } from 'undici';
import type { Logger } from '@switchyard/platform';

/** One replica endpoint's keep-alive connection pool and its draining state. */
export class PoolHandle {
  /** Requests dispatched on this pool and not yet finished. */
  inFlight = 0;
  /** Epoch ms at which the endpoint stopped being routable; null while it is. */
  drainingSince: number | null = null;
  released = false;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly origin: string,
    readonly pool: Pool,
  ) {}
}

export interface UpstreamPoolsOptions {
  /** GATEWAY_MIN_DRAINING_PERIOD_S in ms. */
  minDrainingMs: number;
  connectTimeoutMs: number;
  logger: Logger;
  now?: () => number;
  /** Called when a draining pool is closed (metrics, tests). */
  onRelease?: (origin: string, drainedForMs: number) => void;
}

/**
 * undici keep-alive pools, one per replica endpoint, with the draining lifecycle of
 * reference/kuberay-rayservice-high-availability.md: when an endpoint stops being routable
 * (draining, or gone from the routing table) it gets no new requests (the balancer sees to
 * that), its in-flight requests finish on their connections, and the pool is closed only once
 * BOTH no request is in flight AND the minimum draining period has passed since it stopped
 * being routable — like RAY_SERVE_PROXY_MIN_DRAINING_PERIOD_S. An endpoint that comes back
 * before that keeps its pool.
 *
 * Timeouts are the gateway's own (request deadline, connect timeout), not undici's: a streamed
 * response (SSE) may idle for minutes, so headers/body timeouts are off.
 */
export class UpstreamPools {
  private readonly handles = new Map<string, PoolHandle>();
  private routable = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: UpstreamPoolsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The pool for `origin`, counted in flight until `end(handle)`. */
  begin(origin: string): PoolHandle {
    let handle = this.handles.get(origin);
    if (!handle) {
      handle = new PoolHandle(
        origin,
        new Pool(origin, {
          connections: null, // bounded by the balancer's per-replica cap
          pipelining: 1,
          connectTimeout: this.options.connectTimeoutMs,
          headersTimeout: 0,
          bodyTimeout: 0,
          keepAliveTimeout: 4000,
        }),
      );
      this.handles.set(origin, handle);
      // A lease taken just before the endpoint left the table: drain it like the others.
      if (!this.routable.has(origin)) this.startDraining(handle);
    }
    handle.inFlight++;
    return handle;
  }

  end(handle: PoolHandle): void {
    handle.inFlight--;
    if (handle.inFlight === 0 && handle.drainingSince !== null) this.releaseIfDrained(handle);
  }

  /** Applies the set of origins that may get new requests (after every routing change). */
  sync(routable: Set<string>): void {
    this.routable = routable;
    for (const handle of this.handles.values()) {
      if (routable.has(handle.origin)) {
        if (handle.drainingSince !== null) {
          handle.drainingSince = null;
          clearTimeout(handle.timer);
        }
      } else if (handle.drainingSince === null) {
        this.startDraining(handle);
      }
    }
  }

  /** Pools open, by state. */
  counts(): { active: number; draining: number } {
    let draining = 0;
    for (const h of this.handles.values()) if (h.drainingSince !== null) draining++;
    return { active: this.handles.size - draining, draining };
  }

  has(origin: string): boolean {
    return this.handles.has(origin);
  }

  /** Closes every pool (gateway shutdown: in-flight requests are already over or abandoned). */
  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(
      handles.map(async (h) => {
        clearTimeout(h.timer);
        await h.pool.destroy().catch(() => undefined);
      }),
    );
  }

  private startDraining(handle: PoolHandle): void {
    handle.drainingSince = this.now();
    handle.timer = setTimeout(() => this.releaseIfDrained(handle), this.options.minDrainingMs);
    handle.timer.unref();
  }

  private releaseIfDrained(handle: PoolHandle): void {
    if (handle.released || handle.drainingSince === null || handle.inFlight > 0) return;
    const drainedForMs = this.now() - handle.drainingSince;
    if (drainedForMs < this.options.minDrainingMs) {
      // Early (timers and the wall clock disagree by a millisecond, or a request just ended):
      // come back when the period is over.
      clearTimeout(handle.timer);
      handle.timer = setTimeout(
        () => this.releaseIfDrained(handle),
        this.options.minDrainingMs - drainedForMs,
      );
      handle.timer.unref();
      return;
    }
    handle.released = true;
    if (this.handles.get(handle.origin) === handle) this.handles.delete(handle.origin);
    this.options.logger.info({ origin: handle.origin, drainedForMs }, 'upstream pool released');
    this.options.onRelease?.(handle.origin, drainedForMs);
    handle.pool.close().catch(() => undefined);
  }
}
