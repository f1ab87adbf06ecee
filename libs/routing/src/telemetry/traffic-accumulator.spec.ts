import { LATENCY_BUCKETS_MS } from './latency-buckets';
import { TrafficAccumulator } from './traffic-accumulator';

const T = 1_795_000_000_000; // an epoch ms on a whole second

describe('TrafficAccumulator', () => {
  it('keeps one cell per service, version and second, in the order they opened', () => {
    const traffic = new TrafficAccumulator();
    traffic.record('s1', 'v1', 200, 3, T + 10);
    traffic.record('s1', 'v2', 503, 40, T + 20);
    traffic.record('s1', 'v1', 500, 7, T + 999);
    traffic.record('s2', 'v1', 200, 1, T + 500); // same version id under another service
    traffic.record('s1', 'v1', 200, 2, T + 1000); // the next second
    const cells = traffic.drain();
    expect(cells.map((c) => [c.serviceId, c.versionId, c.second - T / 1000])).toEqual([
      ['s1', 'v1', 0],
      ['s1', 'v2', 0],
      ['s2', 'v1', 0],
      ['s1', 'v1', 1],
    ]);
    const first = cells[0]!.counts;
    expect([first.requests, first.errors, first.latencySumMs]).toEqual([2, 1, 10]);
    expect(first.buckets).toHaveLength(LATENCY_BUCKETS_MS.length + 1);
    expect(first.buckets[LATENCY_BUCKETS_MS.indexOf(5)]).toBe(1); // 3 ms
    expect(first.buckets[LATENCY_BUCKETS_MS.indexOf(10)]).toBe(1); // 7 ms
    expect(cells[1]!.counts.errors).toBe(1);
  });

  it('starts empty after a drain, and new cells after it are not the old ones', () => {
    const traffic = new TrafficAccumulator();
    traffic.record('s1', 'v1', 200, 3, T);
    const before = traffic.drain();
    expect(traffic.size).toBe(0);
    traffic.record('s1', 'v1', 200, 3, T + 1);
    const after = traffic.drain();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect(before[0]!.counts.requests).toBe(1);
  });

  it('adds a second cell for an earlier second if the clock steps back (Redis sums both)', () => {
    const traffic = new TrafficAccumulator();
    traffic.record('s1', 'v1', 200, 1, T + 2000);
    traffic.record('s1', 'v1', 200, 1, T + 1000);
    traffic.record('s1', 'v1', 200, 1, T + 1500);
    expect(traffic.drain().map((c) => [c.second - T / 1000, c.counts.requests])).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });
});
