import { useId, useState, type ReactNode } from 'react';
import { href, navigate, type Route } from '../lib/router';
import { can } from '../lib/roles';
import { useSession } from '../session';

const NAV = [
  ['projects', 'Projects'],
  ['members', 'Members'],
  ['tokens', 'API tokens'],
  ['clouds', 'Clouds'],
  ['compute-configs', 'Compute configs'],
  ['audit', 'Audit log'],
  ['billing', 'Usage & billing'],
] as const;

/** Header (organization switcher, user, sign-out) and navigation around every signed-in page. */
export function Shell({ route, children }: { route: Route; children: ReactNode }) {
  const { session, org, role, signOut } = useSession();
  const switcherId = useId();
  const [menuOpen, setMenuOpen] = useState(false);
  const section =
    route.page === 'services' || route.page === 'service' || route.page === 'rollouts'
      ? 'projects'
      : route.page;
  const nav = NAV.filter(([page]) =>
    page === 'audit'
      ? can(role, 'readAudit')
      : page === 'billing'
        ? can(role, 'readBilling')
        : true,
  );
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={href('o', org, 'projects')}>
          Switchyard
        </a>
        <label htmlFor={switcherId} className="visually-hidden">
          Organization
        </label>
        <select
          id={switcherId}
          value={org}
          onChange={(e) => navigate(href('o', e.target.value, 'projects'))}
        >
          {session.organizations.map((o) => (
            <option key={o.id} value={o.slug}>
              {o.name} ({o.role.toLowerCase()})
            </option>
          ))}
        </select>
        <span className="user" title={`role ${role}`}>
          {session.user.email} · <span className="role">{role}</span>
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
      </header>
      <nav id="main-nav" className={menuOpen ? 'open' : undefined} aria-label="Sections">
        <ul>
          {nav.map(([page, label]) => (
            <li key={page}>
              <a
                href={href('o', org, page)}
                aria-current={section === page ? 'page' : undefined}
                onClick={() => setMenuOpen(false)}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>{children}</main>
    </div>
  );
}
