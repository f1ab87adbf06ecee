import type { Role, TokenScope } from '@switchyard/contracts';

/**
 * The caller as every handler sees it: an organization API token, or a console session acting
 * in one of its user's organizations (with every scope: a session is bounded by the role alone).
 */
export interface Principal {
  kind: 'token' | 'session';
  orgId: string;
  userId: string;
  /** The API token (kind `token`); null for a console session. */
  tokenId: string | null;
  /** The console session (kind `session`); null for a token. */
  sessionId: string | null;
  role: Role;
  scopes: TokenScope[];
  /** A project-scoped token acts only inside this project. */
  project: { id: string; name: string } | null;
}

/** Who did something, for the audit log. */
export interface Actor {
  orgId: string;
  userId: string | null;
  tokenId: string | null;
  requestId: string;
}

export function actorOf(principal: Principal, requestId: string): Actor {
  return { orgId: principal.orgId, userId: principal.userId, tokenId: principal.tokenId, requestId };
}
