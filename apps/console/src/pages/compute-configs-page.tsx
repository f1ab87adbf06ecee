import { api, unwrap } from '../api/client';
import { Empty, Guarded, When } from '../components/status';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

export function ComputeConfigsPage() {
  const { org } = useSession();
  const configs = useResource(`compute:${org}`, () =>
    unwrap(api.GET('/v1/compute-configs', { params: { query: { limit: 100 } } })),
  );
  return (
    <section>
      <h1>Compute configs</h1>
      <p className="muted">
        Each change is a new immutable version; create them with the API or CLI.
      </p>
      <Guarded
        what="compute configs"
        resource={configs}
        empty={(p) => (p.data.length === 0 ? <Empty>No compute configs.</Empty> : null)}
      >
        {(page) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Version</th>
                  <th scope="col">Cloud</th>
                  <th scope="col">Head node</th>
                  <th scope="col">Worker groups</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.version}</td>
                    <td>{c.cloud}</td>
                    <td>{c.head_node.instance_type}</td>
                    <td>
                      {c.worker_groups.length === 0
                        ? '—'
                        : c.worker_groups
                            .map(
                              (g) =>
                                `${g.name}: ${g.instance_type}${g.gpu_count ? ` ×${g.gpu_count} ${g.gpu_type ?? 'GPU'}` : ''} (${g.min_nodes}–${g.max_nodes})`,
                            )
                            .join('; ')}
                    </td>
                    <td>
                      <When iso={c.created_at} />
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
