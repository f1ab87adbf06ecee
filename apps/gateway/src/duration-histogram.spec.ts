import { Histogram, Registry } from 'prom-client';
import { DurationHistogram } from './duration-histogram';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const VALUES = [0.0005, 0.001, 0.002, 0.05, 0.05, 0.7, 3, 42];

/** The exposition with each line's labels sorted: Prometheus does not read their order. */
async function exposition(registry: Registry): Promise<string[]> {
  const text = await registry.metrics();
  return text
    .split('\n')
    .map((line) =>
      line.replace(/\{(.*)\}/, (_all, labels: string) => `{${labels.split(',').sort().join(',')}}`),
    );
}

describe('DurationHistogram', () => {
  it('exports what prom-client’s Histogram exports for the same observations', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    for (const r of [ours, theirs]) r.setDefaultLabels({ app: 'gateway' });
    const histogram = new DurationHistogram('d_seconds', 'help text', BOUNDS, ours);
    const reference = new Histogram({
      name: 'd_seconds',
      help: 'help text',
      labelNames: ['service', 'version'],
      buckets: BOUNDS,
      registers: [theirs],
    });
    const a = { service: 's', version: 'v1' };
    const b = { service: 's', version: 'v2' };
    for (const v of VALUES) {
      histogram.seriesFor('a', a).observe(v);
      reference.observe(a, v);
    }
    histogram.seriesFor('b', b).observe(0.02);
    reference.observe(b, 0.02);
    expect(await exposition(ours)).toEqual(await exposition(theirs));

    histogram.remove('a');
    reference.remove(a);
    expect(await exposition(ours)).toEqual(await exposition(theirs));
  });

  it('counts a value equal to a bound in that bound’s bucket (le is "less or equal")', () => {
    const histogram = new DurationHistogram('d_seconds', 'h', BOUNDS, new Registry());
    const series = histogram.seriesFor('k', { service: 's' });
    series.observe(0.01);
    series.observe(1.5);
    expect(series.counts).toEqual([0, 1, 0, 0, 1]);
    expect([series.count, series.sum]).toEqual([2, 1.51]);
    expect(histogram.seriesFor('k', { service: 's' })).toBe(series);
  });
});
