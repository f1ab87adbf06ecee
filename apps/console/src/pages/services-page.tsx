import { api, unwrap, type Schemas } from '../api/client';
import { Empty, Guarded, StateBadge, When } from '../components/status';
import { href } from '../lib/router';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

function VersionCell({ version }: { version: Schemas['VersionSummary'] | null }) {
  if (!version) return <span className="muted">—</span>;
  return (
    <span>
      <code>{version.name}</code> · {version.current_weight}%
      {version.target_weight !== version.current_weight && (
        <span className="muted"> → {version.target_weight}%</span>
      )}
    </span>
  );
}

/** The newest version's deploy: when and by whom (one small request per row, not polled). */
function LastDeploy({ project, service }: { project: string; service: Schemas['Service'] }) {
  const { org } = useSession();
  const newest = service.canary ?? service.primary;
  const detail = useResource(
    `version:${org}/${project}/${service.name}/${newest?.name}`,
    async () =>
      newest
        ? unwrap(
            api.GET('/v1/projects/{project}/services/{service}/versions/{version}', {
              params: { path: { project, service: service.name, version: newest.name } },
            }),
          )
        : null,
  );
  if (!newest) return <span className="muted">—</span>;
  if (!detail.data) return <span className="muted">{detail.error ? 'unknown' : '…'}</span>;
  return (
    <span>
      <When iso={detail.data.deployed_at} /> <span className="muted">by</span>{' '}
      {detail.data.deployed_by?.email ?? 'unknown'}
    </span>
  );
}

export function ServicesPage({ project }: { project: string }) {
  const { org } = useSession();
  const services = useResource(
    `services:${org}/${project}`,
    () =>
      unwrap(
        api.GET('/v1/projects/{project}/services', {
          params: { path: { project }, query: { limit: 100 } },
        }),
      ),
    5000,
  );
  return (
    <section>
      <p className="crumbs">
        <a href={href('o', org, 'projects')}>Projects</a> / {project}
      </p>
      <h1>Services in {project}</h1>
      <Guarded
        what={`services of project "${project}"`}
        resource={services}
        empty={(p) =>
          p.data.length === 0 ? (
            <Empty>No services yet: deploy one with `switchyard service deploy -f svc.yaml`.</Empty>
          ) : null
        }
      >
        {(page) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">State</th>
                  <th scope="col">Primary</th>
                  <th scope="col">Canary</th>
                  <th scope="col">Query URL</th>
                  <th scope="col">Last deploy</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <a href={href('o', org, 'projects', project, 'services', s.name)}>{s.name}</a>
                    </td>
                    <td>
                      <StateBadge state={s.state} />
                    </td>
                    <td>
                      <VersionCell version={s.primary} />
                    </td>
                    <td>
                      <VersionCell version={s.canary} />
                    </td>
                    <td className="url">
                      <code>{s.query_url}</code>
                    </td>
                    <td>
                      <LastDeploy project={project} service={s} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Guarded>
    </section>
  );
}
