import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CSRF_HEADER, ORGANIZATION_HEADER, type RouteDef } from '@switchyard/contracts';
import { AppError } from '../http/app-error';
import { ROUTE_METADATA } from '../http/endpoint';
import { contextOf } from '../http/request-context';
import { csrfTokenMatches, isMutating } from '../sessions/csrf';
import { SessionAuthenticator } from '../sessions/session-authenticator';
import { sessionCookieOf } from '../sessions/session-cookie';
import { authorize } from './authorize';
import type { Principal } from './principal';
import { RateLimiter } from './rate-limiter';
import { TokenAuthenticator } from './token-authenticator';

function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : '';
}

function organizationHeaderOf(req: Request): string | undefined {
  const value = req.headers[ORGANIZATION_HEADER.toLowerCase()];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Authenticates, rate-limits and authorizes every route, from the route's declared access.
 * A caller is a bearer token or, when there is no Authorization header, a console session
 * cookie; both resolve to the same Principal and pass the same permission check.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenAuthenticator,
    private readonly sessions: SessionAuthenticator,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = Reflect.getMetadata(ROUTE_METADATA, context.getHandler()) as RouteDef | undefined;
    if (!route) throw new Error(`handler ${context.getHandler().name} has no @Endpoint route`);
    if (route.access === 'public') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const secret = bearerOf(req);

    if (route.access === 'platform-admin') {
      if (secret === null) throw new AppError('unauthenticated', 'missing bearer token (Authorization: Bearer sy_…)');
      if (!this.tokens.isPlatformAdmin(secret)) throw new AppError('unauthenticated', 'invalid platform admin token');
      return true;
    }

    const principal = secret !== null ? await this.fromToken(secret) : await this.fromSession(req);
    const rate = await this.rateLimiter.consume(principal.tokenId ?? `session:${principal.sessionId}`);
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

  private async fromToken(secret: string): Promise<Principal> {
    const principal = await this.tokens.authenticate(secret);
    if (!principal) throw new AppError('unauthenticated', 'invalid, expired or revoked token');
    return principal;
  }

  private async fromSession(req: Request): Promise<Principal> {
    const cookie = sessionCookieOf(req);
    if (cookie === null) {
      throw new AppError('unauthenticated', 'missing bearer token (Authorization: Bearer sy_…) or console session');
    }
    const resolved = await this.sessions.authenticate(cookie, organizationHeaderOf(req));
    switch (resolved.kind) {
      case 'invalid':
        throw new AppError('unauthenticated', 'the session has ended: sign in again');
      case 'not_member':
        throw AppError.notFound('organization');
      case 'no_organization':
        throw AppError.forbidden('this user is not a member of any organization');
      case 'ok':
        break;
    }
    // Browsers attach the cookie to requests other sites trigger; only our own pages can read the
    // CSRF token, so a mutation without it is refused before anything runs. Tokens need none:
    // no browser adds an Authorization header on its own.
    if (isMutating(req.method) && !csrfTokenMatches(cookie, req.headers[CSRF_HEADER.toLowerCase()])) {
      throw AppError.forbidden(`missing or invalid ${CSRF_HEADER} header (GET /v1/session returns the token)`);
    }
    return resolved.principal;
  }
}
