import type { Registry } from 'prom-client';

/** One label set's buckets, observed with no label hashing (held by its VersionMetrics). */
export class DurationSeries {
  /** Per bucket (not cumulative), the overflow (+Inf) bucket last. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

interface ExportedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

/**
 * A Prometheus histogram with the exposition of prom-client's own (`_bucket{le}` cumulative,
 * `_sum`, `_count`), registered as a custom metric. Why not prom-client's Histogram: its
 * `labels(...).observe()` still validates and hashes the label set and allocates on every call
 * — on the gateway's hottest path, once per request. Here a request increments the numbers of
 * a series it already holds; the work of exporting happens only when /metrics is scraped.
 */
export class DurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, DurationSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series of `labels` (created on first use); `key` identifies the label set. */
  seriesFor(key: string, labels: Readonly<Record<string, string>>): DurationSeries {
    let series = this.series.get(key);
    if (!series) {
      series = new DurationSeries(labels, this.bounds);
      this.series.set(key, series);
    }
    return series;
  }

  remove(key: string): void {
    this.series.delete(key);
  }

  reset(): void {
    this.series.clear();
  }

  /** What prom-client's registry formats (the shape of its own metrics' `get()`). */
  get() {
    const values: ExportedValue[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i]!;
        values.push({
          labels: { ...s.labels, le: bound },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({
        labels: { ...s.labels, le: '+Inf' },
        value: s.count,
        metricName: `${this.name}_bucket`,
      });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }
}
