import { Inject, Injectable } from '@nestjs/common';
import { TOKEN_SCOPES } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { digestsEqual, hashSecret } from '@switchyard/platform';
import type { Principal } from '../auth/principal';
import type { Clock } from '../infra/clock';
import { CLOCK, DB } from '../infra/tokens';

/** Every session secret starts with this, so it cannot be mistaken for an API token (`sy_`). */
export const SESSION_SECRET_PREFIX = 'sys_';

export type SessionResolution =
  | { kind: 'ok'; principal: Principal }
  /** Unknown, revoked or expired: sign in again. */
  | { kind: 'invalid' }
  /** The named organization does not exist or the user is not in it: answered like any other tenant's resource. */
  | { kind: 'not_member' }
  /** The user belongs to no organization at all (every membership was removed). */
  | { kind: 'no_organization' };

/** Resolves a session cookie to the same Principal a token resolves to, in one of the user's organizations. */
@Injectable()
export class SessionAuthenticator {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async findSession(secret: string) {
    if (!secret.startsWith(SESSION_SECRET_PREFIX)) return null;
    const hash = hashSecret(secret);
    const session = await this.db.session.findUnique({ where: { secretHash: hash } });
    if (!session || !digestsEqual(session.secretHash, hash)) return null;
    if (session.revokedAt || session.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return session;
  }

  /** `orgSlug`: the X-Switchyard-Organization header; without it, the user's oldest membership. */
  async authenticate(secret: string, orgSlug: string | undefined): Promise<SessionResolution> {
    const session = await this.findSession(secret);
    if (!session) return { kind: 'invalid' };
    const membership = await this.db.membership.findFirst({
      where: {
        userId: session.userId,
        ...(orgSlug !== undefined ? { organization: { slug: orgSlug } } : {}),
      },
      orderBy: { createdAt: 'asc' },
    });
    if (!membership) return { kind: orgSlug !== undefined ? 'not_member' : 'no_organization' };
    return {
      kind: 'ok',
      principal: {
        kind: 'session',
        orgId: membership.orgId,
        userId: session.userId,
        tokenId: null,
        sessionId: session.id,
        role: membership.role,
        scopes: [...TOKEN_SCOPES],
        project: null,
      },
    };
  }
}
