import { Inject, Injectable } from '@nestjs/common';
import { digestsEqual, hashSecret, API_TOKEN_PREFIX, type Redis } from '@switchyard/platform';
import type { Db } from '@switchyard/db';
import type { Clock } from '../infra/clock';
import { CLOCK, DB, REDIS, CONFIG } from '../infra/tokens';
import type { ApiConfig } from '../config';
import type { Principal } from './principal';

/** Last use is written at most once a minute per token: a busy CI token must not write on every call. */
const LAST_USE_INTERVAL_MS = 60_000;

@Injectable()
export class TokenAuthenticator {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The principal for a bearer secret, or null when it is unknown, revoked, expired or its member is gone. */
  async authenticate(secret: string): Promise<Principal | null> {
    if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return null;
    const hash = hashSecret(secret);
    const token = await this.db.apiToken.findUnique({
      where: { secretHash: hash },
      include: { project: { select: { id: true, name: true } } },
    });
    // The lookup is by hash (an index); the constant-time compare guards the equality itself.
    if (!token || !digestsEqual(token.secretHash, hash)) return null;
    const now = this.clock.now();
    if (token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= now.getTime())) return null;
    const membership = await this.db.membership.findUnique({
      where: { orgId_userId: { orgId: token.orgId, userId: token.userId } },
    });
    if (!membership) return null;
    await this.recordUse(token.id, now);
    return {
      kind: 'token',
      orgId: token.orgId,
      userId: token.userId,
      tokenId: token.id,
      sessionId: null,
      role: membership.role,
      scopes: token.scopes,
      project: token.project,
    };
  }

  private async recordUse(tokenId: string, now: Date): Promise<void> {
    const key = `${this.config.REDIS_PREFIX}:token-used:${tokenId}`;
    const first = await this.redis.set(key, '1', 'PX', LAST_USE_INTERVAL_MS, 'NX');
    if (first === 'OK') {
      await this.db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: now } });
    }
  }

  /** The platform admin token, compared in constant time. */
  isPlatformAdmin(secret: string): boolean {
    const expected = this.config.SWITCHYARD_ADMIN_TOKEN;
    return expected !== undefined && digestsEqual(hashSecret(expected), hashSecret(secret));
  }
}
