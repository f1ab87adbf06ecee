import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { RouteDef } from '@switchyard/contracts';
import { AppError } from '../http/app-error';
import { ROUTE_METADATA } from '../http/endpoint';
import { contextOf } from '../http/request-context';
import { authorize } from './authorize';
import { RateLimiter } from './rate-limiter';
import { TokenAuthenticator } from './token-authenticator';

function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : '';
}

/** Authenticates, rate-limits and authorizes every route, from the route's declared access. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenAuthenticator,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = Reflect.getMetadata(ROUTE_METADATA, context.getHandler()) as RouteDef | undefined;
    if (!route) throw new Error(`handler ${context.getHandler().name} has no @Endpoint route`);
    if (route.access === 'public') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const secret = bearerOf(req);
    if (secret === null) throw new AppError('unauthenticated', 'missing bearer token (Authorization: Bearer sy_…)');

    if (route.access === 'platform-admin') {
      if (!this.tokens.isPlatformAdmin(secret)) throw new AppError('unauthenticated', 'invalid platform admin token');
      return true;
    }

    const principal = await this.tokens.authenticate(secret);
    if (!principal) throw new AppError('unauthenticated', 'invalid, expired or revoked token');
    const rate = await this.rateLimiter.consume(principal.tokenId);
    if (!rate.allowed) {
      throw new AppError('rate_limited', `rate limit exceeded; retry after ${rate.retryAfterS} s`, [], {
        'Retry-After': String(rate.retryAfterS),
      });
    }
    const projectParam = typeof req.params?.project === 'string' ? req.params.project : undefined;
    const decision = authorize(principal, route.access, projectParam);
    if (!decision.ok) throw new AppError(decision.code, decision.message);
    contextOf(req).principal = principal;
    return true;
  }
}
