import type { Redis } from '@switchyard/platform';
import { LATENCY_BUCKETS_MS, quantileFromBuckets } from './latency-buckets';
import { telemetryKeys } from './telemetry-keys';
import type { TrafficCell } from './traffic-accumulator';

/** How far back a series may be read in one call (the window kept is shorter anyway). */
export const TRAFFIC_SERIES_MAX_SPAN_S = 3600;

/** One version in one second, summed over every gateway. */
export interface TrafficPoint {
  second: number;
  versionId: string;
  requests: number;
  errors: number;
  latency: {
    p50Ms: number | null;
    p99Ms: number | null;
    meanMs: number | null;
    /** Counts per bucket of `TrafficSeries.bucketBoundsMs`, overflow bucket last. */
    buckets: number[];
  };
}

export interface TrafficSeries {
  fromSec: number;
  toSec: number;
  bucketBoundsMs: readonly number[];
  /** Seconds without traffic are absent. Sorted by second, then versionId. */
  points: TrafficPoint[];
}

// Hash fields: `<versionId>|<counter>`. The counter is the part after the LAST `|`, so a
// versionId may itself contain `|`.
const REQUESTS = 'n';
const ERRORS = 'e';
const LATENCY_SUM_US = 't';
const BUCKET = 'b';

/**
 * Adds one gateway's counters to the shared per-second hashes. HINCRBY makes the sum across
 * gateways exact whatever the order of their flushes; each key expires `windowS` after its
 * last write, so Redis holds about `windowS` seconds of history and nobody trims it.
 */
export async function writeTrafficCells(
  redis: Redis,
  prefix: string,
  cells: Iterable<TrafficCell>,
  options: { windowS: number },
): Promise<void> {
  const keys = telemetryKeys(prefix);
  const pipeline = redis.pipeline();
  const touched = new Set<string>();
  for (const { serviceId, versionId, second, counts } of cells) {
    const key = keys.traffic(serviceId, second);
    touched.add(key);
    pipeline.hincrby(key, `${versionId}|${REQUESTS}`, counts.requests);
    if (counts.errors > 0) pipeline.hincrby(key, `${versionId}|${ERRORS}`, counts.errors);
    pipeline.hincrby(key, `${versionId}|${LATENCY_SUM_US}`, Math.round(counts.latencySumMs * 1000));
    counts.buckets.forEach((n, i) => {
      if (n > 0) pipeline.hincrby(key, `${versionId}|${BUCKET}${i}`, n);
    });
  }
  if (touched.size === 0) return;
  for (const key of touched) pipeline.expire(key, Math.max(1, Math.round(options.windowS)));
  const replies = await pipeline.exec();
  for (const [error] of replies ?? []) if (error) throw error;
}

/**
 * Per-version, per-second requests, 5xx errors and latency (p50/p99/mean and the histogram) of
 * one service over `[fromSec, toSec]` (epoch seconds, inclusive), aggregated over all gateways.
 * For the API's live traffic chart. Only the last `GATEWAY_TELEMETRY_WINDOW_S` seconds exist.
 */
export async function readTrafficSeries(
  redis: Redis,
  prefix: string,
  serviceId: string,
  range: { fromSec: number; toSec: number },
): Promise<TrafficSeries> {
  const { fromSec, toSec } = range;
  if (!Number.isSafeInteger(fromSec) || !Number.isSafeInteger(toSec) || toSec < fromSec)
    throw new RangeError(`invalid range ${fromSec}..${toSec}`);
  if (toSec - fromSec + 1 > TRAFFIC_SERIES_MAX_SPAN_S)
    throw new RangeError(`a series spans at most ${TRAFFIC_SERIES_MAX_SPAN_S} s`);
  const keys = telemetryKeys(prefix);
  const pipeline = redis.pipeline();
  for (let second = fromSec; second <= toSec; second++)
    pipeline.hgetall(keys.traffic(serviceId, second));
  const replies = (await pipeline.exec()) ?? [];

  const points: TrafficPoint[] = [];
  replies.forEach(([error, value], i) => {
    if (error) throw error;
    const byVersion = new Map<string, { n: number; e: number; t: number; b: number[] }>();
    for (const [field, raw] of Object.entries(value as Record<string, string>)) {
      const bar = field.lastIndexOf('|');
      if (bar < 0) continue;
      const versionId = field.slice(0, bar);
      const counter = field.slice(bar + 1);
      let v = byVersion.get(versionId);
      if (!v) {
        v = { n: 0, e: 0, t: 0, b: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0) };
        byVersion.set(versionId, v);
      }
      const n = Number(raw);
      if (counter === REQUESTS) v.n = n;
      else if (counter === ERRORS) v.e = n;
      else if (counter === LATENCY_SUM_US) v.t = n;
      else if (counter.startsWith(BUCKET)) {
        const index = Number(counter.slice(BUCKET.length));
        if (Number.isInteger(index) && index >= 0 && index < v.b.length) v.b[index] = n;
      }
    }
    for (const [versionId, v] of [...byVersion].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (v.n === 0) continue;
      points.push({
        second: fromSec + i,
        versionId,
        requests: v.n,
        errors: v.e,
        latency: {
          p50Ms: quantileFromBuckets(v.b, 0.5),
          p99Ms: quantileFromBuckets(v.b, 0.99),
          meanMs: v.t / 1000 / v.n,
          buckets: v.b,
        },
      });
    }
  });
  return { fromSec, toSec, bucketBoundsMs: LATENCY_BUCKETS_MS, points };
}
