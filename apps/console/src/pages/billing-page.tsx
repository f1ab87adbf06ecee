import { useId, useState } from 'react';
import { api, unwrap } from '../api/client';
import { Empty, Guarded, StateBadge } from '../components/status';
import { money } from '../lib/money';
import { can } from '../lib/roles';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';
import { QuotasForm } from './quotas-form';

type Grouping = 'project' | 'service' | 'instance_type' | 'day';

function hours(seconds: number): string {
  return (seconds / 3600).toFixed(2);
}

/** Usage this month by project/service/day, invoices, and the organization's quotas. */
export function BillingPage() {
  const { org, role } = useSession();
  const [quotasSaved, setQuotasSaved] = useState(false);
  const [groupBy, setGroupBy] = useState<Grouping>('project');
  const groupId = useId();
  const usage = useResource(`usage:${org}/${groupBy}`, async () => {
    const report = await unwrap(
      api.GET('/v1/organization/usage', {
        params: { query: { group_by: groupBy, format: 'json' } },
      }),
    );
    // The route answers CSV only when asked for it.
    if (typeof report === 'string') throw new Error('expected a JSON usage report');
    return report;
  });
  const invoices = useResource(`invoices:${org}`, () =>
    unwrap(api.GET('/v1/organization/invoices', { params: { query: { limit: 24 } } })),
  );
  const quotas = useResource(`quotas:${org}`, () => unwrap(api.GET('/v1/organization/quotas')));
  return (
    <section>
      <h1>Usage and billing</h1>
      <h2>Usage this month</h2>
      <label htmlFor={groupId}>Group by </label>
      <select id={groupId} value={groupBy} onChange={(e) => setGroupBy(e.target.value as Grouping)}>
        <option value="project">project</option>
        <option value="service">service</option>
        <option value="instance_type">instance type</option>
        <option value="day">day</option>
      </select>
      <Guarded
        what="usage"
        resource={usage}
        empty={(u) =>
          u.groups.length === 0 ? <Empty>No metered usage in this period.</Empty> : null
        }
      >
        {(u) => (
          <table>
            <thead>
              <tr>
                <th scope="col">{groupBy.replace('_', ' ')}</th>
                <th scope="col">Node hours</th>
                <th scope="col">Cost (USD)</th>
              </tr>
            </thead>
            <tbody>
              {u.groups.map((g) => (
                <tr key={g.key}>
                  <td>{g.name}</td>
                  <td>{hours(g.seconds)}</td>
                  <td>{g.cost_usd}</td>
                </tr>
              ))}
              <tr className="total">
                <th scope="row">Total</th>
                <td>{hours(u.total_seconds)}</td>
                <td>{u.total_cost_usd}</td>
              </tr>
            </tbody>
          </table>
        )}
      </Guarded>
      <h2>Invoices</h2>
      <Guarded
        what="invoices"
        resource={invoices}
        empty={(p) => (p.data.length === 0 ? <Empty>No invoices yet.</Empty> : null)}
      >
        {(page) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Status</th>
                <th scope="col">Total (USD)</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((i) => (
                <tr key={i.id}>
                  <td>{i.month}</td>
                  <td>
                    <StateBadge state={i.status} />
                  </td>
                  <td>{i.total_usd}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Guarded>
      <h2>Quotas</h2>
      <Guarded what="quotas" resource={quotas}>
        {(q) => (
          <>
            <dl>
              <dt>GPUs at once</dt>
              <dd>{q.max_gpus ?? 'no limit'}</dd>
              <dt>Instances at once</dt>
              <dd>{q.max_instances ?? 'no limit'}</dd>
              <dt>Monthly budget</dt>
              <dd>
                {q.monthly_budget_usd !== null
                  ? `${money(q.monthly_budget_usd)} USD (${q.budget_enforcement.toLowerCase()})`
                  : 'none'}
              </dd>
            </dl>
            {/* Owners set quotas; the API refuses anyone else (403) whatever the page shows. */}
            {can(role, 'manageQuotas') && (
              <QuotasForm
                key={q.updated_at ?? 'never'}
                quotas={q}
                onSaved={() => {
                  setQuotasSaved(true);
                  quotas.reload();
                }}
              />
            )}
            {quotasSaved && (
              <p className="success" role="status">
                Quotas saved.
              </p>
            )}
          </>
        )}
      </Guarded>
    </section>
  );
}
