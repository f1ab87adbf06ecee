/**
 * The sticky-version cookie: `sy_version=<versionId>`. A session cookie (no Max-Age): a split
 * lasts minutes to hours, and a caller that comes back after its session is drawn afresh.
 * Scoped to the service: the host form's host, or the path form's `/s/<project>/<service>`.
 */
export const STICKY_COOKIE = 'sy_version';

/** The versionId in a `Cookie` header, if it carries our cookie. */
export function stickyVersionFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const at = cookieHeader.indexOf(`${STICKY_COOKIE}=`);
  if (at < 0) return undefined;
  // Only a whole cookie name counts: at the start, or right after `;` and spaces.
  for (let i = at - 1; i >= 0; i--) {
    const c = cookieHeader[i];
    if (c === ';') break;
    if (c !== ' ' && c !== '\t') return undefined;
  }
  const start = at + STICKY_COOKIE.length + 1;
  const end = cookieHeader.indexOf(';', start);
  const raw = cookieHeader.slice(start, end < 0 ? undefined : end).trim();
  try {
    return decodeURIComponent(raw) || undefined;
  } catch {
    return undefined;
  }
}

/** The `Set-Cookie` value pinning this caller to `versionId` under `path`. */
export function stickyCookie(versionId: string, path: string): string {
  return `${STICKY_COOKIE}=${encodeURIComponent(versionId)}; Path=${path || '/'}; HttpOnly; SameSite=Lax`;
}
