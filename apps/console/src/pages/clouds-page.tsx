import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { paths } from '../generated/api-types';
import { errorText } from '../components/error-text';
import { Empty, Guarded, When } from '../components/status';
import { can } from '../lib/roles';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

type Provider = 'AWS' | 'GCP';
type CreateCloud = paths['/v1/clouds']['post']['requestBody']['content']['application/json'];

/**
 * Registers an AWS or GCP cloud. The API checks the credentials against the provider before it
 * saves anything; its verdict (accepted, or the provider's refusal naming the field) is shown.
 */
function RegisterCloud({ onCreated }: { onCreated: () => void }) {
  const [provider, setProvider] = useState<Provider>('AWS');
  const [name, setName] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [serviceAccountJson, setServiceAccountJson] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const body: CreateCloud =
        provider === 'AWS'
          ? {
              provider,
              name,
              region,
              credentials: { access_key_id: accessKeyId, secret_access_key: secretAccessKey },
            }
          : { provider, name, region, credentials: { service_account_json: serviceAccountJson } };
      const cloud = await unwrap(api.POST('/v1/clouds', { body }));
      setResult({
        ok: true,
        message: `Validated by ${cloud.provider} and registered as “${cloud.name}”.`,
      });
      setSecretAccessKey('');
      setServiceAccountJson('');
      onCreated();
    } catch (e) {
      setResult({ ok: false, message: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Register a cloud">
      <h2>Register a cloud</h2>
      <fieldset>
        <legend>Provider</legend>
        {(['AWS', 'GCP'] as const).map((p) => (
          <label key={p} className="check">
            <input
              type="radio"
              name="provider"
              checked={provider === p}
              onChange={() => setProvider(p)}
            />
            {p}
          </label>
        ))}
      </fieldset>
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Region
        <input required value={region} onChange={(e) => setRegion(e.target.value)} />
      </label>
      {provider === 'AWS' ? (
        <>
          <label>
            Access key id
            <input
              required
              autoComplete="off"
              value={accessKeyId}
              onChange={(e) => setAccessKeyId(e.target.value)}
            />
          </label>
          <label>
            Secret access key
            <input
              required
              type="password"
              autoComplete="off"
              value={secretAccessKey}
              onChange={(e) => setSecretAccessKey(e.target.value)}
            />
          </label>
        </>
      ) : (
        <label>
          Service account key (JSON)
          <textarea
            required
            rows={4}
            value={serviceAccountJson}
            onChange={(e) => setServiceAccountJson(e.target.value)}
          />
        </label>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Validating…' : 'Validate and register'}
      </button>
      {result && (
        <p className={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      )}
    </form>
  );
}

export function CloudsPage() {
  const { org, role } = useSession();
  const clouds = useResource(`clouds:${org}`, () =>
    unwrap(api.GET('/v1/clouds', { params: { query: { limit: 100 } } })),
  );
  return (
    <section>
      <h1>Clouds</h1>
      <Guarded
        what="clouds"
        resource={clouds}
        empty={(p) => (p.data.length === 0 ? <Empty>No clouds registered.</Empty> : null)}
      >
        {(page) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Provider</th>
                <th scope="col">Region</th>
                <th scope="col">Credentials</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.provider}</td>
                  <td>
                    {c.region}
                    {c.zone ? ` / ${c.zone}` : ''}
                  </td>
                  <td>{c.has_credentials ? 'stored (write-only)' : 'none'}</td>
                  <td>
                    <When iso={c.created_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Guarded>
      {can(role, 'manageClouds') && <RegisterCloud onCreated={clouds.reload} />}
    </section>
  );
}
