import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { Empty, Guarded, StateBadge, When } from '../components/status';
import { can, rolesUpTo, type Role } from '../lib/roles';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

function InviteForm({ onCreated }: { onCreated: () => void }) {
  const { role } = useSession();
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<Role>('MEMBER');
  const [created, setCreated] = useState<Schemas['CreatedInvite'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await unwrap(api.POST('/v1/invites', { body: { email, role: inviteRole } })));
      setEmail('');
      onCreated();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Invite a member">
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Role
        <select value={inviteRole} onChange={(e) => setInviteRole(e.target.value as Role)}>
          {rolesUpTo(role).map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <button type="submit">Create invite link</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div className="secret" role="status">
          Copy this one-time link for {created.email} now — it is not shown again (expires{' '}
          <When iso={created.expires_at} />
          ):
          <input
            readOnly
            aria-label="Invite link"
            value={created.accept_url}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
    </form>
  );
}

export function MembersPage() {
  const { org, role, session } = useSession();
  const members = useResource(`members:${org}`, () =>
    unwrap(api.GET('/v1/members', { params: { query: { limit: 100 } } })),
  );
  const invites = useResource(`invites:${org}`, () =>
    unwrap(api.GET('/v1/invites', { params: { query: { limit: 100 } } })),
  );
  const manage = can(role, 'manageMembers');
  const [error, setError] = useState<string | null>(null);

  async function changeRole(userId: string, next: Role) {
    setError(null);
    try {
      await unwrap(
        api.PATCH('/v1/members/{user_id}', {
          params: { path: { user_id: userId } },
          body: { role: next },
        }),
      );
    } catch (e) {
      setError(errorText(e));
    }
    members.reload();
  }

  return (
    <section>
      <h1>Members and roles</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <Guarded what="members" resource={members}>
        {(page) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                  {manage && <th scope="col">Remove</th>}
                </tr>
              </thead>
              <tbody>
                {page.data.map((m) => (
                  <tr key={m.user_id}>
                    <td>
                      {m.email} {m.name && <span className="muted">({m.name})</span>}
                    </td>
                    <td>
                      {manage && m.user_id !== session.user.id ? (
                        <select
                          aria-label={`Role of ${m.email}`}
                          value={m.role}
                          onChange={(e) => void changeRole(m.user_id, e.target.value as Role)}
                        >
                          {rolesUpTo(role).includes(m.role) ? null : <option>{m.role}</option>}
                          {rolesUpTo(role).map((r) => (
                            <option key={r}>{r}</option>
                          ))}
                        </select>
                      ) : (
                        m.role
                      )}
                    </td>
                    <td>
                      <When iso={m.created_at} />
                    </td>
                    {manage && (
                      <td>
                        {m.user_id !== session.user.id && (
                          <ConfirmButton
                            label="Remove"
                            danger
                            title={`Remove ${m.email}?`}
                            onConfirm={async () => {
                              await unwrap(
                                api.DELETE('/v1/members/{user_id}', {
                                  params: { path: { user_id: m.user_id } },
                                }),
                              );
                              members.reload();
                            }}
                          >
                            <p>Their API tokens in this organization are revoked at once.</p>
                          </ConfirmButton>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Guarded>
      <h2>Invitations</h2>
      {manage && <InviteForm onCreated={invites.reload} />}
      <Guarded
        what="invitations"
        resource={invites}
        empty={(p) => (p.data.length === 0 ? <Empty>No invitations.</Empty> : null)}
      >
        {(page) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Expires</th>
                {manage && <th scope="col">Revoke</th>}
              </tr>
            </thead>
            <tbody>
              {page.data.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>
                    <StateBadge state={i.state} />
                  </td>
                  <td>
                    <When iso={i.expires_at} />
                  </td>
                  {manage && (
                    <td>
                      {i.state === 'PENDING' && (
                        <ConfirmButton
                          label="Revoke"
                          title={`Revoke the invitation of ${i.email}?`}
                          onConfirm={async () => {
                            await unwrap(
                              api.DELETE('/v1/invites/{invite_id}', {
                                params: { path: { invite_id: i.id } },
                              }),
                            );
                            invites.reload();
                          }}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Guarded>
    </section>
  );
}
