import type { Logger, Redis } from '@switchyard/platform';
import {
  TrafficAccumulator,
  writeReplicaLoads,
  writeTrafficCells,
  type LoadReport,
} from '@switchyard/routing';
import type { GatewayMetrics } from './metrics';

export interface TelemetryReporterOptions {
  redis: Redis;
  prefix: string;
  gatewayId: string;
  intervalMs: number;
  windowS: number;
  /** This gateway's current in-flight counts (the balancer's). */
  loads: () => LoadReport;
  metrics: GatewayMetrics;
  logger: Logger;
}

/** A load report outlives this many missed intervals before readers stop counting it. */
const LOAD_TTL_INTERVALS = 3;
/** Failures are logged at most this often (Redis down must not flood the logs). */
const LOG_EVERY_MS = 30_000;

/**
 * Every `intervalMs` (≤ 1 s): this gateway's per-replica in-flight counts replace its load
 * report in Redis, and the per-second traffic counters recorded since the last flush are added
 * to the shared per-second hashes (libs/routing/src/telemetry). Off the request path: requests
 * only touch the in-memory accumulator, and a Redis outage loses figures, never requests.
 */
export class TelemetryReporter {
  readonly traffic = new TrafficAccumulator();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;
  private lastLoggedFailure = 0;

  constructor(private readonly options: TelemetryReporterOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Writes now; a flush already running is joined rather than overlapped. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    const { redis, prefix, gatewayId, intervalMs, windowS } = this.options;
    const cells = this.traffic.drain();
    const results = await Promise.allSettled([
      writeReplicaLoads(redis, prefix, gatewayId, this.options.loads(), {
        ttlMs: intervalMs * LOAD_TTL_INTERVALS,
      }),
      writeTrafficCells(redis, prefix, cells, { windowS }),
    ]);
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      this.options.metrics.telemetryFailures.inc();
      const now = Date.now();
      if (now - this.lastLoggedFailure >= LOG_EVERY_MS) {
        this.lastLoggedFailure = now;
        this.options.logger.warn({ err: result.reason }, 'telemetry write to Redis failed');
      }
    }
  }
}
