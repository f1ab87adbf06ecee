import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CSRF_HEADER, routes, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import type { Principal } from '../auth/principal';
import type { ApiConfig } from '../config';
import { Caller, Endpoint, Input } from '../http/endpoint';
import { CONFIG, DB } from '../infra/tokens';
import { AppError } from '../http/app-error';
import { csrfTokenFor, csrfTokenMatches } from './csrf';
import { SessionAuthenticator } from './session-authenticator';
import {
  clearedSessionCookie,
  cookieIsSecure,
  sessionCookie,
  sessionCookieOf,
} from './session-cookie';
import { sessionView } from './session-view';
import { SessionsService, type StartedSession } from './sessions.service';

/** Sets the cookie of a session just started and answers what GET /v1/session would. */
export async function answerWithSession(
  db: Db,
  config: ApiConfig,
  req: Request,
  res: Response,
  started: StartedSession,
  ttlS: number,
) {
  res.setHeader('Set-Cookie', sessionCookie(started.secret, ttlS, cookieIsSecure(req, config)));
  res.setHeader('Cache-Control', 'no-store');
  return sessionView(db, started.principal, {
    csrfToken: started.csrfToken,
    expiresAt: started.expiresAt,
  });
}

@Controller()
export class SessionsController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: ApiConfig,
    private readonly sessions: SessionsService,
    private readonly authenticator: SessionAuthenticator,
  ) {}

  @Endpoint(routes.signIn)
  async signIn(
    @Input() input: RouteInput<typeof routes.signIn>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const started = await this.sessions.signIn(
      input.body.email,
      input.body.password,
      req.ip ?? 'unknown',
    );
    return answerWithSession(this.db, this.config, req, res, started, this.sessions.ttlSeconds);
  }

  @Endpoint(routes.getSession)
  async get(
    @Caller() caller: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    if (caller.kind === 'token') return sessionView(this.db, caller, null);
    // The guard resolved this principal from the cookie, so the cookie is here and valid.
    const secret = sessionCookieOf(req)!;
    const session = await this.authenticator.findSession(secret);
    if (!session) throw new Error('session vanished between the guard and the handler');
    return sessionView(this.db, caller, {
      csrfToken: csrfTokenFor(secret),
      expiresAt: session.expiresAt,
    });
  }

  /**
   * Public, because a sign-out must work whatever state the session is in; the guard's CSRF rule
   * is applied here instead, so another site cannot sign a user out.
   */
  @Endpoint(routes.signOut)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const secret = sessionCookieOf(req);
    const session = secret ? await this.authenticator.findSession(secret) : null;
    if (secret && session) {
      if (!csrfTokenMatches(secret, req.headers[CSRF_HEADER.toLowerCase()])) {
        throw AppError.forbidden(
          `missing or invalid ${CSRF_HEADER} header (GET /v1/session returns the token)`,
        );
      }
      await this.sessions.revoke(session.id);
    }
    res.setHeader('Set-Cookie', clearedSessionCookie(cookieIsSecure(req, this.config)));
  }
}
