import type { Request } from 'express';
import { SESSION_COOKIE } from '@switchyard/contracts';
import type { ApiConfig } from '../config';

/** The `sy_session` value of the Cookie header, or null. */
export function sessionCookieOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : null;
    }
  }
  return null;
}

/**
 * Secure when the request reached us over https. `req.secure` honours X-Forwarded-Proto only
 * when TRUST_PROXY says the proxy in front is ours; a client cannot claim https by itself.
 */
export function cookieIsSecure(req: Request, config: ApiConfig): boolean {
  switch (config.SESSION_COOKIE_SECURE) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'auto':
      return req.secure;
  }
}

/**
 * httpOnly: page scripts never see the secret. SameSite=Lax: other sites' forms and fetches do
 * not carry it (top-level navigations do, which is why mutations also need the CSRF token).
 */
export function sessionCookie(secret: string, maxAgeS: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${secret}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeS}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
