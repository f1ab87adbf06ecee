/** Organization roles, highest first. Each includes every right of the ones after it. */
export const ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

/** Token scopes: what a token may do on top of what its user's role allows. */
export const TOKEN_SCOPES = ['READ', 'DEPLOY', 'ADMIN'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/**
 * The lowest role that may hold a token with this scope. A token can never do more than its
 * user's role, so issuing a scope the role cannot use is refused rather than silently useless.
 */
export const MIN_ROLE_FOR_SCOPE: Record<TokenScope, Role> = {
  READ: 'VIEWER',
  DEPLOY: 'MEMBER',
  // ADMIN scope lets a token manage; the role still bounds what: for a viewer, only its own tokens.
  ADMIN: 'VIEWER',
};
