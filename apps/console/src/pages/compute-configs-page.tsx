import { useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { Empty, Guarded, When } from '../components/status';
import { can } from '../lib/roles';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';
import { ComputeConfigForm } from './compute-config-form';

export function ComputeConfigsPage() {
  const { org, role } = useSession();
  // `null`: a new config; a config: its next version; `undefined`: no form open.
  const [editing, setEditing] = useState<Schemas['ComputeConfig'] | null | undefined>(undefined);
  const manage = can(role, 'manageCompute');
  const [saved, setSaved] = useState<string | null>(null);
  const configs = useResource(`compute:${org}`, () =>
    unwrap(api.GET('/v1/compute-configs', { params: { query: { limit: 100 } } })),
  );
  return (
    <section>
      <h1>Compute configs</h1>
      <p className="muted">
        Each change is a new immutable version; services name a config and get its latest.
      </p>
      {manage && editing === undefined && (
        <button
          type="button"
          onClick={() => {
            setSaved(null);
            setEditing(null);
          }}
        >
          New compute config
        </button>
      )}
      {manage && editing !== undefined && (
        <ComputeConfigForm
          key={editing ? `${editing.name}@${editing.version}` : 'new'}
          base={editing}
          onCancel={() => setEditing(undefined)}
          onSaved={(config) => {
            setSaved(`Saved ${config.name} version ${config.version}.`);
            setEditing(undefined);
            configs.reload();
          }}
        />
      )}
      {saved && (
        <p className="success" role="status">
          {saved}
        </p>
      )}
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
                  {manage && <th scope="col">Actions</th>}
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
                    {manage && (
                      <td>
                        <button
                          type="button"
                          onClick={() => {
                            setSaved(null);
                            setEditing(c);
                          }}
                        >
                          New version of {c.name}
                        </button>
                      </td>
                    )}
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
