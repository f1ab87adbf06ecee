import type { Schemas } from '../api/client';

export type Role = Schemas['Session']['role'];

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

/**
 * The lowest role for each kind of action the console offers, as in the README's permission
 * matrix. It only decides which buttons to show: the API enforces the matrix on every request.
 */
const MIN_ROLE = {
  deploy: 'MEMBER',
  manageMembers: 'ADMIN',
  manageClouds: 'ADMIN',
  manageCompute: 'ADMIN',
  manageProjects: 'ADMIN',
  readAudit: 'ADMIN',
  readBilling: 'ADMIN',
  manageQuotas: 'OWNER',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof MIN_ROLE;

export function can(role: Role, action: Action): boolean {
  return RANK[role] >= RANK[MIN_ROLE[action]];
}

export function rolesUpTo(role: Role): Role[] {
  return (['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const).filter((r) => RANK[r] <= RANK[role]);
}
