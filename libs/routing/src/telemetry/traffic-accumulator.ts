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
 * path never waits on Redis: `record` is a map lookup and a few increments.
 */
export class TrafficAccumulator {
  private cells = new Map<string, TrafficCell>();

  record(
    serviceId: string,
    versionId: string,
    status: number,
    latencyMs: number,
    nowMs: number,
  ): void {
    const second = Math.floor(nowMs / 1000);
    const key = `${second}\u0000${serviceId}\u0000${versionId}`;
    let cell = this.cells.get(key);
    if (!cell) {
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
      this.cells.set(key, cell);
    }
    cell.counts.requests++;
    if (status >= 500) cell.counts.errors++;
    cell.counts.latencySumMs += latencyMs;
    cell.counts.buckets[latencyBucketIndex(latencyMs)]!++;
  }

  get size(): number {
    return this.cells.size;
  }

  /** Everything recorded since the last drain; the accumulator starts empty again. */
  drain(): TrafficCell[] {
    const cells = [...this.cells.values()];
    this.cells = new Map();
    return cells;
  }
}
