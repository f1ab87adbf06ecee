import { Counter, Gauge, type Registry } from 'prom-client';
import { DurationHistogram, type DurationSeries } from './duration-histogram';

type Labels = 'service' | 'version' | 'role';

/** `status_class` labels by hundreds (499, the caller closing before an answer, is a 4xx). */
const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/**
 * The metrics of one (service, version, role). Requests and in-flight counts are plain numbers
 * here, handed to prom-client when /metrics is scraped (its `collect` hooks): prom-client hashes
 * the label set on every update, which is too dear for every request. The latency histogram is
 * our own (`duration-histogram.ts`) for the same reason: a request increments its bucket.
 */
export class VersionMetrics {
  /** Requests in flight now (WebSockets until they close). */
  inFlight = 0;
  /** Responses per status class since the last scrape. */
  readonly pending = [0, 0, 0, 0, 0, 0];
  /** Label values used so far, so the series can be removed with the version. */
  readonly classesSeen = new Set<string>();
  readonly reasonsSeen = new Set<string>();
  /** Epoch ms since which the version has not been in the routing table; null while it is. */
  goneSince: number | null = null;

  constructor(
    private readonly metrics: GatewayMetrics,
    readonly labels: Record<Labels, string>,
    readonly duration: DurationSeries,
  ) {}

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
  }

  recordResponse(status: number, seconds: number | null): void {
    const cls = Math.floor(status / 100);
    if (cls >= 0 && cls < this.pending.length) this.pending[cls]!++;
    if (seconds !== null) this.duration.observe(seconds);
  }

  retry(reason: string): void {
    this.reasonsSeen.add(reason);
    this.metrics.retries.inc({ ...this.labels, reason });
  }

  unavailable(reason: string): void {
    this.reasonsSeen.add(reason);
    this.metrics.unavailable.inc({ ...this.labels, reason });
  }
}

/**
 * The gateway's Prometheus metrics, per service (its endpoint slug) and version (its name and
 * role). Label sets are cached per version so the request path does no label hashing.
 * Requests the gateway rejects before a version is known carry `version=""`, and unknown hosts
 * `service="(unknown)"` (a bounded label, whatever callers send).
 */
export class GatewayMetrics {
  readonly requests: Counter<Labels | 'status_class'>;
  readonly duration: DurationHistogram;
  readonly inFlight: Gauge<Labels>;
  readonly retries: Counter<Labels | 'reason'>;
  readonly unavailable: Counter<Labels | 'reason'>;
  readonly websockets: Gauge<Labels>;
  readonly upstreamPools: Gauge<'state'>;
  readonly poolsReleased: Counter<string>;
  readonly routingServices: Gauge<string>;
  readonly routingVersion: Gauge<string>;
  readonly telemetryFailures: Counter<string>;
  private readonly cache = new Map<string, VersionMetrics>();

  constructor(registry: Registry) {
    const labelNames = ['service', 'version', 'role'] as const;
    const registers = [registry];
    const bundles = () => this.cache.values();
    this.requests = new Counter({
      name: 'gateway_requests_total',
      help: 'Requests answered, by service, version and status class (1xx = WebSocket upgrades).',
      labelNames: [...labelNames, 'status_class'],
      registers,
      collect() {
        for (const m of bundles()) {
          m.pending.forEach((n, cls) => {
            if (n === 0) return;
            const statusClass = STATUS_CLASSES[cls]!;
            m.classesSeen.add(statusClass);
            this.inc({ ...m.labels, status_class: statusClass }, n);
            m.pending[cls] = 0;
          });
        }
      },
    });
    this.duration = new DurationHistogram(
      'gateway_request_duration_seconds',
      'From arrival to the last byte of the response (WebSockets: to the upgrade).',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registry,
    );
    this.inFlight = new Gauge({
      name: 'gateway_requests_in_flight',
      help: 'Requests being handled (queued, waiting for or streaming a response; open WebSockets).',
      labelNames,
      registers,
      collect() {
        for (const m of bundles()) this.set(m.labels, m.inFlight);
      },
    });
    this.retries = new Counter({
      name: 'gateway_retries_total',
      help: 'Attempts repeated on another replica, by reason (connect_failed, connection_lost, version_failover).',
      labelNames: [...labelNames, 'reason'],
      registers,
    });
    this.unavailable = new Counter({
      name: 'gateway_unavailable_total',
      help: '503 answers, by reason (queue_full, queue_timeout, no_versions).',
      labelNames: [...labelNames, 'reason'],
      registers,
    });
    this.websockets = new Gauge({
      name: 'gateway_websockets_open',
      help: 'WebSocket connections proxied and open.',
      labelNames,
      registers,
    });
    this.upstreamPools = new Gauge({
      name: 'gateway_upstream_pools',
      help: 'Keep-alive pools to replica endpoints, by state (active, draining).',
      labelNames: ['state'],
      registers,
    });
    this.poolsReleased = new Counter({
      name: 'gateway_upstream_pools_released_total',
      help: 'Pools of drained endpoints closed after the minimum draining period.',
      registers,
    });
    this.routingServices = new Gauge({
      name: 'gateway_routing_services',
      help: 'Services in the routing table.',
      registers,
    });
    this.routingVersion = new Gauge({
      name: 'gateway_routing_version',
      help: 'Highest routing change version applied (equal across converged gateways).',
      registers,
    });
    this.telemetryFailures = new Counter({
      name: 'gateway_telemetry_write_failures_total',
      help: 'Load or traffic reports that could not be written to Redis.',
      registers,
    });
  }

  forVersion(service: string, version: string, role: string): VersionMetrics {
    const key = seriesKey(service, version, role);
    let metrics = this.cache.get(key);
    if (!metrics) {
      const labels = { service, version, role };
      metrics = new VersionMetrics(this, labels, this.duration.seriesFor(key, labels));
      this.cache.set(key, metrics);
    }
    return metrics;
  }

  /**
   * Forgets the series of versions that left the routing table more than `retentionMs` ago and
   * have nothing in flight, so a long-lived gateway does not export every version it ever
   * served. `live` holds `seriesKey(slug, version name, role)` of the current table.
   */
  prune(live: ReadonlySet<string>, now: number, retentionMs: number): void {
    for (const [key, m] of this.cache) {
      if (m.labels.version === '' || live.has(key)) {
        m.goneSince = null;
        continue;
      }
      m.goneSince ??= now;
      if (now - m.goneSince < retentionMs || m.inFlight > 0) continue;
      this.cache.delete(key);
      for (const statusClass of m.classesSeen)
        this.requests.remove({ ...m.labels, status_class: statusClass });
      for (const reason of m.reasonsSeen) {
        this.retries.remove({ ...m.labels, reason });
        this.unavailable.remove({ ...m.labels, reason });
      }
      this.duration.remove(key);
      this.inFlight.remove(m.labels);
      this.websockets.remove(m.labels);
    }
  }
}

/** The cache key of one (service slug, version name, role). */
export function seriesKey(service: string, version: string, role: string): string {
  return `${service}\u0000${version}\u0000${role}`;
}
