import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { Empty, Guarded, When } from '../components/status';
import { href } from '../lib/router';
import { can } from '../lib/roles';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

export function ProjectsPage() {
  const { org, role } = useSession();
  const projects = useResource(`projects:${org}`, () =>
    unwrap(api.GET('/v1/projects', { params: { query: { limit: 100 } } })),
  );
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await unwrap(api.POST('/v1/projects', { body: { name } }));
      setName('');
      projects.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <section>
      <h1>Projects</h1>
      <Guarded
        what="projects"
        resource={projects}
        empty={(p) => (p.data.length === 0 ? <Empty>No projects yet.</Empty> : null)}
      >
        {(page) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Description</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={href('o', org, 'projects', p.name)}>{p.name}</a>
                  </td>
                  <td>{p.description ?? <span className="muted">—</span>}</td>
                  <td>
                    <When iso={p.created_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Guarded>
      {can(role, 'manageProjects') && (
        <form className="inline-form" onSubmit={create}>
          <label>
            New project name
            <input
              required
              pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit">Create project</button>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
