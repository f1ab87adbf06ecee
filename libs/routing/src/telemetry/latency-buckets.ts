/**
 * The latency histogram kept per version and second in Redis. Fixed bounds, shared by writers
 * and readers, so counts from every gateway add up bucket by bucket (HINCRBY) and any reader can
 * estimate quantiles over any set of seconds or gateways.
 *
 * Upper bounds in ms; a last, implicit bucket holds everything above the highest bound.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = Object.freeze([
  1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
]);

/** Index of the bucket `latencyMs` falls in (`LATENCY_BUCKETS_MS.length` for the overflow bucket). */
export function latencyBucketIndex(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
    if (latencyMs <= LATENCY_BUCKETS_MS[i]!) return i;
  }
  return LATENCY_BUCKETS_MS.length;
}

/**
 * The `q` quantile (0..1) estimated from bucket counts the way Prometheus' histogram_quantile
 * does: linear interpolation inside the bucket the rank falls in. The overflow bucket answers its
 * lower bound (we know no more). `null` when there are no observations.
 */
export function quantileFromBuckets(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i]!;
    if (count > 0 && seen + count >= rank) {
      if (i >= LATENCY_BUCKETS_MS.length) return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = LATENCY_BUCKETS_MS[i]!;
      return lower + (upper - lower) * ((rank - seen) / count);
    }
    seen += count;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
}
