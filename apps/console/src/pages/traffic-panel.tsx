import { api, unwrap, type Schemas } from '../api/client';
import { LineChart, type Series } from '../components/line-chart';
import { Guarded } from '../components/status';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

const WINDOW_S = 120;
/** The chart refreshes faster than the 2 s the console promises, so a changeover shows at once. */
const POLL_MS = 1500;
/** "Latest" figures average the last seconds: one second alone is noisy. */
const RECENT_S = 5;

type VersionTraffic = Schemas['ServiceTraffic']['versions'][number];

function tone(v: VersionTraffic): string {
  return v.role ?? 'retired';
}

function label(v: VersionTraffic): string {
  return `${v.role ?? 'retired'} ${v.name}`;
}

function recent(values: (number | null)[]): number[] {
  return values.slice(-RECENT_S).filter((v): v is number => v !== null);
}

/** Requests/s, error rate and p99 per version, from the gateways' per-second series. */
export function TrafficPanel({ project, service }: { project: string; service: string }) {
  const { org } = useSession();
  const traffic = useResource(
    `traffic:${org}/${project}/${service}`,
    () =>
      unwrap(
        api.GET('/v1/projects/{project}/services/{service}/traffic', {
          params: { path: { project, service }, query: { window_s: WINDOW_S } },
        }),
      ),
    POLL_MS,
  );
  return (
    <section aria-labelledby="traffic-title">
      <h2 id="traffic-title">Live traffic</h2>
      <Guarded what="traffic" resource={traffic}>
        {(t) => {
          const requests: Series[] = t.versions.map((v) => ({
            name: label(v),
            tone: tone(v),
            values: v.requests,
          }));
          const errorRate: Series[] = t.versions.map((v) => ({
            name: label(v),
            tone: tone(v),
            values: v.requests.map((r, i) => (r > 0 ? (100 * (v.errors[i] ?? 0)) / r : null)),
          }));
          const p99: Series[] = t.versions.map((v) => ({
            name: label(v),
            tone: tone(v),
            values: v.p99_ms,
          }));
          const mean = (s: Series, digits: number, unit: string) => {
            const r = recent(s.values);
            return r.length
              ? `${(r.reduce((a, b) => a + b, 0) / r.length).toFixed(digits)} ${unit}`
              : '—';
          };
          return (
            <div className="charts" data-testid="traffic">
              <LineChart
                title="Requests/s"
                unit="req/s"
                windowS={t.window_s}
                series={requests}
                latest={(s) => mean(s, 1, 'req/s')}
              />
              <LineChart
                title="Error rate"
                unit="%"
                windowS={t.window_s}
                series={errorRate}
                latest={(s) => mean(s, 1, '%')}
              />
              <LineChart
                title="p99 latency"
                unit="ms"
                windowS={t.window_s}
                series={p99}
                latest={(s) => mean(s, 0, 'ms')}
              />
            </div>
          );
        }}
      </Guarded>
    </section>
  );
}
