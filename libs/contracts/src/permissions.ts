import type { Role, TokenScope } from './roles';

/**
 * What a route needs. The README's permission matrix is this table, and
 * apps/api/test/permission-matrix.spec.ts checks every cell over HTTP.
 */
export const PERMISSIONS = {
  /** Read the organization, its members, projects, clouds, compute configs. */
  'org.read': { minRole: 'VIEWER', scope: 'READ' },
  /** Rename the organization. */
  'org.manage': { minRole: 'OWNER', scope: 'ADMIN' },
  /** Add, re-role and remove members (owners only by owners). */
  'member.manage': { minRole: 'ADMIN', scope: 'ADMIN' },
  /** Create, update and delete projects. */
  'project.manage': { minRole: 'ADMIN', scope: 'ADMIN' },
  /** List one's own API tokens (admins: every token). */
  'token.read': { minRole: 'VIEWER', scope: 'READ' },
  /** Create and revoke one's own API tokens (admins: anyone's). */
  'token.own': { minRole: 'VIEWER', scope: 'ADMIN' },
  /** Register, update and delete clouds (credentials are write-only). */
  'cloud.manage': { minRole: 'ADMIN', scope: 'ADMIN' },
  /** Create compute configs and new versions of them. */
  'compute.manage': { minRole: 'ADMIN', scope: 'ADMIN' },
  /** Read services, versions, rollouts and their events. */
  'service.read': { minRole: 'VIEWER', scope: 'READ' },
  /** Deploy, set canary percent, roll back and terminate services. */
  'service.deploy': { minRole: 'MEMBER', scope: 'DEPLOY' },
  /** Read replica logs: a read, but what applications print may be sensitive, so members and up. */
  'service.logs': { minRole: 'MEMBER', scope: 'READ' },
  /** Read the audit log. */
  'audit.read': { minRole: 'ADMIN', scope: 'READ' },
  /** Read usage, invoices and quotas: what the organization spends is for its admins. */
  'billing.read': { minRole: 'ADMIN', scope: 'READ' },
  /** Set quotas (GPUs, instances, monthly budget): they bound what everyone may run and spend. */
  'quota.manage': { minRole: 'OWNER', scope: 'ADMIN' },
} as const satisfies Record<string, { minRole: Role; scope: TokenScope }>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Who may call a route:
 * - a permission: an organization token whose role and scopes allow it;
 * - `authenticated`: any valid organization token (e.g. `GET /v1/me`);
 * - `platform-admin`: the operator's token from the environment (bootstrap);
 * - `public`: no token (health, metrics, OpenAPI).
 */
export type Access = Permission | 'authenticated' | 'platform-admin' | 'public';

/** Token management beyond one's own tokens (list all, revoke any, issue for others) needs this role. */
export const TOKEN_ADMIN_ROLE: Role = 'ADMIN';
