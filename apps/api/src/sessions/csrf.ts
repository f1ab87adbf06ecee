import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The session's CSRF token, derived from the session secret (HMAC), so nothing more is stored
 * and it dies with the session. Another site can make a browser send the cookie, but cannot
 * read this token (it is only in a same-origin JSON response) and so cannot forge the header.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('switchyard-csrf-v1').digest('base64url');
}

export function csrfTokenMatches(
  sessionSecret: string,
  presented: string | string[] | undefined,
): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionSecret));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Methods that change nothing need no CSRF token. */
export function isMutating(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
