import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { Empty, Guarded, StateBadge, When } from '../components/status';
import { href } from '../lib/router';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';
import { RolloutTimeline } from './rollout-timeline';

function RolloutDetail({ project, service, id }: { project: string; service: string; id: string }) {
  const { org } = useSession();
  const detail = useResource(`rollout:${org}/${id}`, () =>
    unwrap(
      api.GET('/v1/projects/{project}/services/{service}/rollouts/{rollout_id}', {
        params: { path: { project, service, rollout_id: id } },
      }),
    ),
  );
  return (
    <Guarded what="the rollout" resource={detail}>
      {(r) => <RolloutTimeline rollout={r} />}
    </Guarded>
  );
}

/** Every rollout of a service, newest first; a row opens its timeline. */
export function RolloutsPage({ project, service }: { project: string; service: string }) {
  const { org } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const rollouts = useResource(
    `rollouts:${org}/${project}/${service}`,
    () =>
      unwrap(
        api.GET('/v1/projects/{project}/services/{service}/rollouts', {
          params: { path: { project, service }, query: { limit: 50 } },
        }),
      ),
    5000,
  );
  return (
    <section>
      <p className="crumbs">
        <a href={href('o', org, 'projects', project)}>{project}</a> /{' '}
        <a href={href('o', org, 'projects', project, 'services', service)}>{service}</a> / rollouts
      </p>
      <h1>Rollout history of {service}</h1>
      <Guarded
        what="rollouts"
        resource={rollouts}
        empty={(p) => (p.data.length === 0 ? <Empty>No rollouts yet.</Empty> : null)}
      >
        {(page) => (
          <ul className="rollouts">
            {page.data.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  className="link"
                  aria-expanded={open === r.id}
                  onClick={() => setOpen(open === r.id ? null : r.id)}
                >
                  <When iso={r.created_at} /> · {r.strategy.toLowerCase()}{' '}
                  {r.from_version ? `${r.from_version} → ` : ''}
                  {r.to_version}
                </button>{' '}
                <StateBadge state={r.state} />{' '}
                {r.reason && <span className="muted">{r.reason}</span>}
                {open === r.id && <RolloutDetail project={project} service={service} id={r.id} />}
              </li>
            ))}
          </ul>
        )}
      </Guarded>
    </section>
  );
}
