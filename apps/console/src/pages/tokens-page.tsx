import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { Empty, Guarded, When } from '../components/status';
import { can } from '../lib/roles';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

type Scope = Schemas['ApiToken']['scopes'][number];

export function TokensPage() {
  const { org, role } = useSession();
  const tokens = useResource(`tokens:${org}`, () =>
    unwrap(api.GET('/v1/tokens', { params: { query: { limit: 100 } } })),
  );
  const scopesAllowed: Scope[] = can(role, 'deploy')
    ? ['READ', 'DEPLOY', 'ADMIN']
    : ['READ', 'ADMIN'];
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['READ']);
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<Schemas['CreatedApiToken'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body = { name, scopes, ...(days ? { expires_in_days: Number(days) } : {}) };
      setCreated(await unwrap(api.POST('/v1/tokens', { body })));
      setName('');
      tokens.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section>
      <h1>API tokens</h1>
      <form className="inline-form" onSubmit={create} aria-label="Create a token">
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {scopesAllowed.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) =>
                  setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))
                }
              />
              {s}
            </label>
          ))}
        </fieldset>
        <label>
          Expires in days (empty: never)
          <input
            type="number"
            min={1}
            max={3650}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <button type="submit" disabled={scopes.length === 0}>
          Create token
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
      {created && (
        <div className="secret" role="status">
          The secret of “{created.name}” — copy it now, it is not shown again:
          <input
            readOnly
            aria-label="Token secret"
            value={created.secret}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <Guarded
        what="tokens"
        resource={tokens}
        empty={(p) => (p.data.length === 0 ? <Empty>No tokens.</Empty> : null)}
      >
        {(page) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>
                      {t.scopes.join(', ')}
                      {t.project && ` (project ${t.project})`}
                    </td>
                    <td>
                      <When iso={t.last_used_at} />
                    </td>
                    <td>
                      <When iso={t.expires_at} />
                    </td>
                    <td>
                      {t.revoked_at ? (
                        'revoked'
                      ) : (
                        <ConfirmButton
                          label="Revoke"
                          danger
                          title={`Revoke token “${t.name}”?`}
                          onConfirm={async () => {
                            await unwrap(
                              api.DELETE('/v1/tokens/{token_id}', {
                                params: { path: { token_id: t.id } },
                              }),
                            );
                            tokens.reload();
                          }}
                        >
                          <p>Requests with it are refused at once.</p>
                        </ConfirmButton>
                      )}
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
