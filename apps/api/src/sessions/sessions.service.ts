import { Inject, Injectable } from '@nestjs/common';
import { TOKEN_SCOPES } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { generateApiToken, hashSecret } from '@switchyard/platform';
import type { Principal } from '../auth/principal';
import { RateLimiter } from '../auth/rate-limiter';
import type { ApiConfig } from '../config';
import { AppError } from '../http/app-error';
import type { Clock } from '../infra/clock';
import type { DbOrTx } from '../infra/db-types';
import { CLOCK, CONFIG, DB } from '../infra/tokens';
import { decoyHash, verifyPassword } from './password';
import { SESSION_SECRET_PREFIX } from './session-authenticator';
import { csrfTokenFor } from './csrf';

/** A session just started: the secret goes into the cookie and exists nowhere else. */
export interface StartedSession {
  secret: string;
  csrfToken: string;
  expiresAt: Date;
  principal: Principal;
}

/** How much more each client address may try than each email: a shared NAT signs in many people. */
const PER_ADDRESS_FACTOR = 5;

@Injectable()
export class SessionsService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** Email + password → a session in the user's oldest organization. Every failure is the same 401. */
  async signIn(
    emailInput: string,
    password: string,
    clientAddress: string,
  ): Promise<StartedSession> {
    const email = emailInput.toLowerCase();
    const limit = this.config.SIGN_IN_RATE_LIMIT_PER_MINUTE;
    for (const [subject, max] of [
      [`sign-in:${email}`, limit],
      [`sign-in-from:${clientAddress}`, limit * PER_ADDRESS_FACTOR],
    ] as const) {
      const rate = await this.rateLimiter.consume(subject, max);
      if (!rate.allowed) {
        throw new AppError(
          'rate_limited',
          `too many sign-in attempts; retry after ${rate.retryAfterS} s`,
          [],
          {
            'Retry-After': String(rate.retryAfterS),
          },
        );
      }
    }
    const user = await this.db.user.findUnique({ where: { email } });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !user.passwordHash || !ok)
      throw new AppError('unauthenticated', 'wrong email or password');
    const membership = await this.db.membership.findFirst({
      where: { userId: user.id },
      orderBy: { createdAt: 'asc' },
    });
    if (!membership) throw AppError.forbidden('this user is not a member of any organization');
    return this.start(this.db, user.id, membership);
  }

  /** Creates the session row (inside the caller's transaction when there is one). */
  async start(
    tx: DbOrTx,
    userId: string,
    membership: { orgId: string; role: Principal['role'] },
  ): Promise<StartedSession> {
    const now = this.clock.now();
    // A user's ended sessions are useless rows: each sign-in sweeps that user's expired ones.
    await tx.session.deleteMany({ where: { userId, expiresAt: { lt: now } } });
    const secret = generateApiToken(SESSION_SECRET_PREFIX);
    const expiresAt = new Date(now.getTime() + this.config.SESSION_TTL_HOURS * 3_600_000);
    const session = await tx.session.create({
      data: { userId, secretHash: hashSecret(secret), expiresAt },
    });
    return {
      secret,
      csrfToken: csrfTokenFor(secret),
      expiresAt,
      principal: {
        kind: 'session',
        orgId: membership.orgId,
        userId,
        tokenId: null,
        sessionId: session.id,
        role: membership.role,
        scopes: [...TOKEN_SCOPES],
        project: null,
      },
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: this.clock.now() },
    });
  }

  get ttlSeconds(): number {
    return Math.round(this.config.SESSION_TTL_HOURS * 3600);
  }
}
