import { api, unwrap, type Schemas } from '../api/client';
import { Guarded, StateBadge } from '../components/status';
import { configDiff } from '../lib/config-diff';
import { href } from '../lib/router';
import { can } from '../lib/roles';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';
import { RolloutTimeline } from './rollout-timeline';
import { ServiceActions } from './service-actions';
import { TrafficPanel } from './traffic-panel';

const POLL_MS = 1500;

function VersionCard({
  title,
  version,
}: {
  title: string;
  version: Schemas['VersionSummary'] | null;
}) {
  return (
    <article
      className="card version"
      aria-label={`${title} version`}
      data-testid={`version-${title.toLowerCase()}`}
    >
      <h3>
        {title} {version && <code>{version.name}</code>}
      </h3>
      {!version ? (
        <p className="muted">None</p>
      ) : (
        <>
          <dl>
            <dt>State</dt>
            <dd>
              <StateBadge state={version.state} />
            </dd>
            <dt>Weight</dt>
            <dd data-testid={`weight-${title.toLowerCase()}`}>
              {version.current_weight}% now, target {version.target_weight}%
            </dd>
            <dt>Health</dt>
            <dd>
              {version.healthy === null
                ? 'not observed yet'
                : version.healthy
                  ? 'healthy'
                  : 'unhealthy'}
            </dd>
          </dl>
          {version.deployments.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Deployment</th>
                  <th scope="col">Ready / desired</th>
                </tr>
              </thead>
              <tbody>
                {version.deployments.map((d) => (
                  <tr key={`${d.application}/${d.deployment}`}>
                    <td>
                      {d.application}/{d.deployment}
                    </td>
                    <td>
                      {d.ready_replicas} / {d.desired_replicas}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </article>
  );
}

function ConfigDiff({ project, service }: { project: string; service: Schemas['Service'] }) {
  const { org } = useSession();
  const names = [service.primary?.name, service.canary?.name];
  const versions = useResource(
    `diff:${org}/${project}/${service.name}/${names.join('/')}`,
    async () => {
      if (!service.primary || !service.canary) return null;
      const get = (version: string) =>
        unwrap(
          api.GET('/v1/projects/{project}/services/{service}/versions/{version}', {
            params: { path: { project, service: service.name, version } },
          }),
        );
      return Promise.all([get(service.primary.name), get(service.canary.name)]);
    },
  );
  return (
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">Config: primary vs canary</h2>
      {!service.canary || !service.primary ? (
        <p className="muted">Only one version is running: nothing to compare.</p>
      ) : (
        <Guarded what="version configs" resource={versions}>
          {(pair) => {
            if (!pair) return null;
            const rows = configDiff(pair[0].config, pair[1].config);
            if (rows.length === 0) return <p className="empty">The configs are identical.</p>;
            return (
              <div className="table-scroll">
                <table className="diff">
                  <thead>
                    <tr>
                      <th scope="col">Setting</th>
                      <th scope="col">Primary {pair[0].name}</th>
                      <th scope="col">Canary {pair[1].name}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.path}>
                        <td>
                          <code>{r.path}</code>
                        </td>
                        <td className="removed">{r.primary ?? '—'}</td>
                        <td className="added">{r.canary ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </Guarded>
      )}
    </section>
  );
}

function LatestRollout({ project, service }: { project: string; service: string }) {
  const { org } = useSession();
  const rollout = useResource(
    `latest-rollout:${org}/${project}/${service}`,
    async () => {
      const list = await unwrap(
        api.GET('/v1/projects/{project}/services/{service}/rollouts', {
          params: { path: { project, service }, query: { limit: 1 } },
        }),
      );
      const newest = list.data[0];
      if (!newest) return null;
      return unwrap(
        api.GET('/v1/projects/{project}/services/{service}/rollouts/{rollout_id}', {
          params: { path: { project, service, rollout_id: newest.id } },
        }),
      );
    },
    POLL_MS,
  );
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Rollout timeline</h2>
      <Guarded
        what="the latest rollout"
        resource={rollout}
        empty={(r) => (r === null ? <p className="empty">No rollouts yet.</p> : null)}
      >
        {(r) => (r ? <RolloutTimeline rollout={r} /> : null)}
      </Guarded>
      <p>
        <a href={href('o', org, 'projects', project, 'services', service, 'rollouts')}>
          Rollout history
        </a>
      </p>
    </section>
  );
}

/** One service: versions side by side, live traffic, the rollout timeline, actions, the config diff. */
export function ServicePage({ project, service }: { project: string; service: string }) {
  const { org, role } = useSession();
  const current = useResource(
    `service:${org}/${project}/${service}`,
    () =>
      unwrap(
        api.GET('/v1/projects/{project}/services/{service}', {
          params: { path: { project, service } },
        }),
      ),
    POLL_MS,
  );
  return (
    <section>
      <p className="crumbs">
        <a href={href('o', org, 'projects')}>Projects</a> /{' '}
        <a href={href('o', org, 'projects', project)}>{project}</a> / {service}
      </p>
      <Guarded what={`service "${service}"`} resource={current}>
        {(s) => (
          <>
            <h1>
              {s.name} <StateBadge state={s.state} />
            </h1>
            <p className="url">
              Query URL <code>{s.query_url}</code>{' '}
              <span className="muted">(or {s.query_path_url})</span>
            </p>
            <div className="versions">
              <VersionCard title="Primary" version={s.primary} />
              <VersionCard title="Canary" version={s.canary} />
            </div>
            {can(role, 'deploy') && (
              <ServiceActions project={project} service={s} onDone={current.reload} />
            )}
            <TrafficPanel project={project} service={service} />
            <LatestRollout project={project} service={service} />
            <ConfigDiff project={project} service={s} />
          </>
        )}
      </Guarded>
    </section>
  );
}
