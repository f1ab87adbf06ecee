import { PERMISSIONS, roleAtLeast, type Access } from '@switchyard/contracts';
import type { Principal } from './principal';

export type AuthorizationResult =
  | { ok: true }
  | { ok: false; code: 'forbidden' | 'not_found'; message: string };

/**
 * The permission decision for one route, pure so that the matrix test and the guard agree.
 * `projectParam` is the `{project}` path parameter when the route has one.
 */
export function authorize(principal: Principal, access: Access, projectParam: string | undefined): AuthorizationResult {
  if (access === 'public') return { ok: true };
  if (access === 'platform-admin') {
    return { ok: false, code: 'forbidden', message: 'this route needs the platform admin token' };
  }
  if (principal.project) {
    // A project-scoped token sees other projects as not existing, and org-wide routes as off limits.
    if (projectParam !== undefined && projectParam !== principal.project.name) {
      return { ok: false, code: 'not_found', message: 'project not found' };
    }
    if (projectParam === undefined && access !== 'authenticated') {
      return {
        ok: false,
        code: 'forbidden',
        message: `this token is scoped to project "${principal.project.name}" and cannot use organization-wide routes`,
      };
    }
  }
  if (access === 'authenticated') return { ok: true };
  const rule = PERMISSIONS[access];
  if (!roleAtLeast(principal.role, rule.minRole)) {
    return { ok: false, code: 'forbidden', message: `${access} requires role ${rule.minRole} or higher (you are ${principal.role})` };
  }
  if (!principal.scopes.includes(rule.scope)) {
    return { ok: false, code: 'forbidden', message: `${access} requires a token with scope ${rule.scope}` };
  }
  return { ok: true };
}
