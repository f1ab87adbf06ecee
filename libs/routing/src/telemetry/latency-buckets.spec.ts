import { LATENCY_BUCKETS_MS, latencyBucketIndex, quantileFromBuckets } from './latency-buckets';

const empty = () => new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);

describe('latency buckets', () => {
  it.each([
    [0, 0],
    [1, 0],
    [1.01, 1],
    [2.5, 1],
    [7, 3],
    [30000, LATENCY_BUCKETS_MS.length - 1],
    [30001, LATENCY_BUCKETS_MS.length],
  ])('%p ms falls in bucket %p', (latency, index) => {
    expect(latencyBucketIndex(latency)).toBe(index);
  });

  it('interpolates quantiles inside a bucket', () => {
    const buckets = empty();
    buckets[latencyBucketIndex(7)] = 100; // (5, 10]
    expect(quantileFromBuckets(buckets, 0.5)).toBeCloseTo(7.5);
    expect(quantileFromBuckets(buckets, 0.99)).toBeCloseTo(9.95);
  });

  it('finds the tail in a higher bucket', () => {
    const buckets = empty();
    buckets[latencyBucketIndex(0.5)] = 99;
    buckets[latencyBucketIndex(400)] = 1;
    expect(quantileFromBuckets(buckets, 0.5)).toBeLessThanOrEqual(1);
    expect(quantileFromBuckets(buckets, 0.995)).toBeGreaterThan(250);
  });

  it('answers null without observations and the top bound for the overflow bucket', () => {
    expect(quantileFromBuckets(empty(), 0.5)).toBeNull();
    const buckets = empty();
    buckets[LATENCY_BUCKETS_MS.length] = 3;
    expect(quantileFromBuckets(buckets, 0.99)).toBe(30000);
  });
});
