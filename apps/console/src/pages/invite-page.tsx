import { useState, type FormEvent } from 'react';
import { api, ApiError, setCsrfToken, unwrap } from '../api/client';
import { Guarded } from '../components/status';
import { href, navigate } from '../lib/router';
import { useResource } from '../lib/use-resource';

/** The invite link's page: who invites you where, then a password (new) or your password (existing). */
export function InvitePage({ token }: { token: string }) {
  const preview = useResource(`invite:${token}`, () =>
    unwrap(api.POST('/v1/invites/preview', { body: { token } })),
  );
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function accept(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const session = await unwrap(
        api.POST('/v1/invites/accept', { body: { token, password, ...(name ? { name } : {}) } }),
      );
      setCsrfToken(session.csrf_token);
      navigate(href('o', session.organization.slug, 'projects'));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <main className="centered">
      <Guarded what="the invitation" resource={preview}>
        {(invite) => (
          <form className="card sign-in" onSubmit={accept}>
            <h1>Join {invite.organization.name}</h1>
            <p>
              <strong>{invite.email}</strong> is invited as <strong>{invite.role}</strong>. The link
              works once.
            </p>
            {invite.password_required === 'NEW' && (
              <label>
                Your name (optional)
                <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
              </label>
            )}
            <label>
              {invite.password_required === 'NEW'
                ? 'Choose a password (10 characters or more)'
                : 'Your existing password'}
              <input
                type="password"
                required
                minLength={invite.password_required === 'NEW' ? 10 : 1}
                autoComplete={
                  invite.password_required === 'NEW' ? 'new-password' : 'current-password'
                }
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary">
              Accept and sign in
            </button>
          </form>
        )}
      </Guarded>
    </main>
  );
}
