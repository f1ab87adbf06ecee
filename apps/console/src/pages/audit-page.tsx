import { api, unwrap } from '../api/client';
import { Empty, Guarded, When } from '../components/status';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

export function AuditPage() {
  const { org } = useSession();
  const entries = useResource(`audit:${org}`, () =>
    unwrap(api.GET('/v1/audit-log', { params: { query: { limit: 100 } } })),
  );
  return (
    <section>
      <h1>Audit log</h1>
      <Guarded
        what="the audit log"
        resource={entries}
        empty={(p) => (p.data.length === 0 ? <Empty>Nothing has changed yet.</Empty> : null)}
      >
        {(page) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <When iso={e.created_at} />
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.target_type} <span className="muted">{e.target_id}</span>
                    </td>
                    <td>
                      <code className="details">{JSON.stringify(e.details)}</code>
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
