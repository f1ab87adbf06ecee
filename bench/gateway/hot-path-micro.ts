// bench/gateway/hot-path-micro.ts: the gateway's per-request telemetry, in-process, against what
// it replaced — prom-client's labelled histogram, and a per-second cell keyed by a string built
// per request. Prints ns per call (median of 5 rounds of 2 M calls).
//   node scripts/run-ts.js bench/gateway/hot-path-micro.ts
import { Histogram, Registry } from 'prom-client';
import { latencyBucketIndex, LATENCY_BUCKETS_MS, TrafficAccumulator } from '@switchyard/routing';
import { DurationHistogram } from '../../apps/gateway/src/duration-histogram';

const CALLS = 2_000_000;
const BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LABELS = { service: 'echo--bench', version: 'v1', role: 'primary' };
const SERVICE_ID = 'cmh1x2y3z0000abcd1234efgh';
const VERSION_ID = 'cmh1x2y3z0001abcd1234efgh';
const T0 = 1_795_000_000_000;

function nsPerCall(run: () => void): number {
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = process.hrtime.bigint();
    run();
    rounds.push(Number(process.hrtime.bigint() - started) / CALLS);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

/** The accumulator as it was: one `second|service|version` string built and hashed per call. */
class StringKeyedCells {
  private readonly cells = new Map<
    string,
    { requests: number; errors: number; sum: number; buckets: number[] }
  >();
  record(serviceId: string, versionId: string, status: number, ms: number, nowMs: number) {
    const key = `${Math.floor(nowMs / 1000)}\u0000${serviceId}\u0000${versionId}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = {
        requests: 0,
        errors: 0,
        sum: 0,
        buckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
      };
      this.cells.set(key, cell);
    }
    cell.requests++;
    if (status >= 500) cell.errors++;
    cell.sum += ms;
    cell.buckets[latencyBucketIndex(ms)]!++;
  }
}

const promClient = new Histogram({
  name: 'a',
  help: 'a',
  labelNames: ['service', 'version', 'role'],
  buckets: BOUNDS,
  registers: [new Registry()],
}).labels(LABELS);
const ours = new DurationHistogram('b', 'b', BOUNDS, new Registry()).seriesFor('k', LABELS);
const stringKeyed = new StringKeyedCells();
const accumulator = new TrafficAccumulator();

const rows = [
  [
    'prom-client histogram labels(…).observe',
    () => {
      for (let i = 0; i < CALLS; i++) promClient.observe((i % 100) / 10_000);
    },
  ],
  [
    'DurationSeries.observe',
    () => {
      for (let i = 0; i < CALLS; i++) ours.observe((i % 100) / 10_000);
    },
  ],
  [
    'string-keyed per-second cell',
    () => {
      for (let i = 0; i < CALLS; i++)
        stringKeyed.record(SERVICE_ID, VERSION_ID, 200, 1.5, T0 + (i >> 12));
    },
  ],
  [
    'TrafficAccumulator.record',
    () => {
      for (let i = 0; i < CALLS; i++)
        accumulator.record(SERVICE_ID, VERSION_ID, 200, 1.5, T0 + (i >> 12));
    },
  ],
] as const;
for (const [name, run] of rows)
  console.log(`${nsPerCall(run).toFixed(1).padStart(8)} ns/call  ${name}`);
