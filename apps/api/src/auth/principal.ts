import type { Role, TokenScope } from '@switchyard/contracts';

/** An organization API token's caller, as every handler sees it. */
export interface Principal {
  kind: 'token';
  orgId: string;
  userId: string;
  tokenId: string;
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
