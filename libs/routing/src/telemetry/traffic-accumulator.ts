import { LATENCY_BUCKETS_MS, latencyBucketIndex } from './latency-buckets';

/** Counters of one version in one second. */
export interface TrafficCounts {
  requests: number;
  /** Responses with a 5xx status (the gateway's own 502/503/504 included). */
  errors: number;
  /** Sum of latencies in ms (for the mean). */
  latencySumMs: number;
  /** Counts per `LATENCY_BUCKETS_MS` bucket, overflow bucket last. */
  buckets: number[];
}

export interface TrafficCell {
  serviceId: string;
  versionId: string;
  /** Epoch second in which the requests completed. */
  second: number;
  counts: TrafficCounts;
}

/**
 * Per-second counters kept in a gateway's memory between two flushes to Redis, so the request
 * path never waits on Redis: `record` is two map lookups (on the routing table's own id
 * strings, whose hashes V8 keeps — no key is built per request) and a few increments.
 */
export class TrafficAccumulator {
  /** Every cell since the last drain, in the order they were opened. */
  private cells: TrafficCell[] = [];
  /** serviceId → versionId → that version's most recent cell. */
  private latest = new Map<string, Map<string, TrafficCell>>();

  record(
    serviceId: string,
    versionId: string,
    status: number,
    latencyMs: number,
    nowMs: number,
  ): void {
    const second = Math.floor(nowMs / 1000);
    let versions = this.latest.get(serviceId);
    if (!versions) {
      versions = new Map();
      this.latest.set(serviceId, versions);
    }
    let cell = versions.get(versionId);
    // A new second opens a new cell. (Should the clock step back, an earlier second gets a
    // second cell: Redis adds both up, so the totals stay exact.)
    if (!cell || cell.second !== second) {
      cell = {
        serviceId,
        versionId,
        second,
        counts: {
          requests: 0,
          errors: 0,
          latencySumMs: 0,
          buckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
        },
      };
      versions.set(versionId, cell);
      this.cells.push(cell);
    }
    cell.counts.requests++;
    if (status >= 500) cell.counts.errors++;
    cell.counts.latencySumMs += latencyMs;
    cell.counts.buckets[latencyBucketIndex(latencyMs)]!++;
  }

  get size(): number {
    return this.cells.length;
  }

  /** Everything recorded since the last drain; the accumulator starts empty again. */
  drain(): TrafficCell[] {
    const cells = this.cells;
    this.cells = [];
    this.latest = new Map();
    return cells;
  }
}
