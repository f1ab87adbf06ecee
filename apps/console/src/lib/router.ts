import { useEffect, useState } from 'react';

/** The console's pages, by hash path (`#/o/demo/projects`). A tiny router: no dependency needed. */
export type Route =
  | { page: 'sign-in' }
  | { page: 'invite'; token: string }
  | { page: 'home' }
  | { page: 'projects'; org: string }
  | { page: 'services'; org: string; project: string }
  | { page: 'service'; org: string; project: string; service: string }
  | { page: 'rollouts'; org: string; project: string; service: string }
  | { page: 'audit'; org: string }
  | { page: 'members'; org: string }
  | { page: 'tokens'; org: string }
  | { page: 'clouds'; org: string }
  | { page: 'compute-configs'; org: string }
  | { page: 'billing'; org: string }
  | { page: 'not-found' };

const ORG_PAGES = ['audit', 'members', 'tokens', 'clouds', 'compute-configs', 'billing'] as const;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, org, section, project, sub, service, tail] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (first === 'sign-in' && parts.length === 1) return { page: 'sign-in' };
  if (first === 'invite' && org && parts.length === 2) return { page: 'invite', token: org };
  if (first !== 'o' || !org) return { page: 'not-found' };
  if (!section || (section === 'projects' && !project))
    return parts.length <= 3 ? { page: 'projects', org } : { page: 'not-found' };
  if (section === 'projects' && project) {
    if (!sub) return { page: 'services', org, project };
    if (sub === 'services' && service && !tail) return { page: 'service', org, project, service };
    if (sub === 'services' && service && tail === 'rollouts' && parts.length === 7)
      return { page: 'rollouts', org, project, service };
    return { page: 'not-found' };
  }
  const orgPage = ORG_PAGES.find((p) => p === section);
  return orgPage && parts.length === 3 ? { page: orgPage, org } : { page: 'not-found' };
}

export function href(...segments: string[]): string {
  return '#/' + segments.map(encodeURIComponent).join('/');
}

export function navigate(target: string): void {
  window.location.hash = target;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
