import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from '@switchyard/platform';
import type { ApiConfig } from '../config';
import type { Clock } from '../infra/clock';
import { CLOCK, CONFIG, REDIS } from '../infra/tokens';

const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * A fixed one-minute window per token, counted in Redis so every API replica shares it.
 * INCR and PEXPIRE go in one MULTI; the window's key carries its start, so a lost expiry
 * cannot keep a token blocked.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One request by `subject` (a token, a session, `sign-in:<email>`…), against `limit` per minute. */
  async consume(subject: string, limit: number = this.config.RATE_LIMIT_PER_MINUTE): Promise<RateDecision> {
    const now = this.clock.now().getTime();
    const windowStart = now - (now % WINDOW_MS);
    const key = `${this.config.REDIS_PREFIX}:rate:${subject}:${windowStart}`;
    const results = await this.redis.multi().incr(key).pexpire(key, WINDOW_MS * 2).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    if (count <= limit) return { allowed: true };
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)) };
  }
}
