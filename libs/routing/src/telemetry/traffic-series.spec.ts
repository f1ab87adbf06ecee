import type { Redis } from '@switchyard/platform';
import { RedisTestContext } from '../../test/redis-test-context';
import { telemetryKeys } from './telemetry-keys';
import { TrafficAccumulator } from './traffic-accumulator';
import { readTrafficSeries, writeTrafficCells } from './traffic-series';

const ctx = new RedisTestContext('traffic');
let redis: Redis;
beforeAll(() => {
  redis = ctx.connect();
});
afterAll(() => ctx.cleanup());

let n = 0;
const fresh = () => ctx.scoped(`t${++n}`);
const T0 = 1_800_000_000; // an epoch second

describe('traffic series in Redis', () => {
  it('adds up the counters of several gateways per version and second', async () => {
    const prefix = fresh();
    const gatewayA = new TrafficAccumulator();
    const gatewayB = new TrafficAccumulator();
    for (let i = 0; i < 90; i++) gatewayA.record('s1', 'v1', 200, 4, T0 * 1000 + 10);
    for (let i = 0; i < 10; i++) gatewayA.record('s1', 'v1', 503, 40, T0 * 1000 + 900);
    for (let i = 0; i < 50; i++) gatewayB.record('s1', 'v2', 200, 7, T0 * 1000 + 500);
    gatewayB.record('s1', 'v1', 500, 4, (T0 + 1) * 1000);
    gatewayB.record('other', 'v1', 200, 1, T0 * 1000);
    expect(gatewayA.size).toBe(1);

    await writeTrafficCells(redis, prefix, gatewayA.drain(), { windowS: 600 });
    await writeTrafficCells(redis, prefix, gatewayB.drain(), { windowS: 600 });
    expect(gatewayA.size).toBe(0);

    const series = await readTrafficSeries(redis, prefix, 's1', {
      fromSec: T0 - 1,
      toSec: T0 + 1,
    });
    const summary = series.points.map((p) => [p.second, p.versionId, p.requests, p.errors]);
    expect(summary).toEqual([
      [T0, 'v1', 100, 10],
      [T0, 'v2', 50, 0],
      [T0 + 1, 'v1', 1, 1],
    ]);
    const v1 = series.points[0]!;
    expect(v1.latency.meanMs).toBeCloseTo((90 * 4 + 10 * 40) / 100);
    expect(v1.latency.p50Ms).toBeGreaterThan(2.5);
    expect(v1.latency.p50Ms).toBeLessThanOrEqual(5);
    expect(v1.latency.p99Ms).toBeGreaterThan(25);
    expect(v1.latency.p99Ms).toBeLessThanOrEqual(50);
    expect(v1.latency.buckets.reduce((a, b) => a + b, 0)).toBe(100);
    expect(series.bucketBoundsMs.length + 1).toBe(v1.latency.buckets.length);
  });

  it('keeps each second for the window only', async () => {
    const prefix = fresh();
    const acc = new TrafficAccumulator();
    acc.record('s1', 'v1', 200, 1, T0 * 1000);
    await writeTrafficCells(redis, prefix, acc.drain(), { windowS: 600 });
    const ttl = await redis.ttl(telemetryKeys(prefix).traffic('s1', T0));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('accepts version ids containing the field separator', async () => {
    const prefix = fresh();
    const acc = new TrafficAccumulator();
    acc.record('s1', 'odd|id', 200, 1, T0 * 1000);
    await writeTrafficCells(redis, prefix, acc.drain(), { windowS: 60 });
    const series = await readTrafficSeries(redis, prefix, 's1', { fromSec: T0, toSec: T0 });
    expect(series.points.map((p) => [p.versionId, p.requests])).toEqual([['odd|id', 1]]);
  });

  it('refuses unbounded or inverted ranges', async () => {
    await expect(
      readTrafficSeries(redis, fresh(), 's1', { fromSec: 10, toSec: 9 }),
    ).rejects.toThrow(RangeError);
    await expect(
      readTrafficSeries(redis, fresh(), 's1', { fromSec: 0, toSec: 100_000 }),
    ).rejects.toThrow(/at most/);
  });
});
