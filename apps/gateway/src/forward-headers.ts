import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and never cross the proxy;
 * `expect` and `content-length` are the client library's to set (undici refuses `expect`, and
 * derives the length from the body it sends).
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);
const REQUEST_SKIP = new Set([...HOP_BY_HOP, 'expect', 'content-length', 'x-request-id']);

/** Extra hop-by-hop names a `Connection` header lists (`Connection: close, x-foo`). */
function connectionTokens(value: string | string[] | undefined): Set<string> | null {
  // The usual values name no extra header: skip the parsing (this runs twice per request).
  if (!value || value === 'keep-alive' || value === 'close' || value === 'Keep-Alive') return null;
  const text = Array.isArray(value) ? value.join(',') : value;
  const tokens = text
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t && t !== 'close' && t !== 'keep-alive' && t !== 'upgrade');
  return tokens.length > 0 ? new Set(tokens) : null;
}

export interface UpstreamHeaderOptions {
  /** The Switchyard query token is the gateway's, not the application's: strip it. */
  stripAuthorization: boolean;
  requestId: string;
  /** `/s/<project>/<service>` for the path form (→ X-Forwarded-Prefix); '' for the host form. */
  mountPath: string;
}

/**
 * The headers sent to the replica, as a flat `[name, value, …]` list (undici's raw form: no
 * object to build, duplicates and the caller's spelling kept). The Host header is kept (the
 * replica sees the address the caller used); X-Forwarded-For/-Proto/-Host/-Prefix and
 * X-Request-Id are added.
 */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  options: UpstreamHeaderOptions,
): string[] {
  const raw = req.rawHeaders;
  const extra = connectionTokens(req.headers.connection);
  const out: string[] = [];
  let forwardedFor: string | undefined;
  let forwardedPrefix = '';
  let hasProto = false;
  let hasHost = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    if (REQUEST_SKIP.has(lower) || extra?.has(lower)) continue;
    if (lower === 'authorization' && options.stripAuthorization) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${value}` : value;
      continue;
    }
    if (lower === 'x-forwarded-prefix') {
      forwardedPrefix = value;
      continue;
    }
    if (lower === 'x-forwarded-proto') hasProto = true;
    else if (lower === 'x-forwarded-host') hasHost = true;
    out.push(name, value);
  }
  const remote = req.socket.remoteAddress;
  if (remote) out.push('x-forwarded-for', forwardedFor ? `${forwardedFor}, ${remote}` : remote);
  else if (forwardedFor) out.push('x-forwarded-for', forwardedFor);
  if (!hasProto) out.push('x-forwarded-proto', 'http');
  if (!hasHost && req.headers.host) out.push('x-forwarded-host', req.headers.host);
  if (options.mountPath) out.push('x-forwarded-prefix', forwardedPrefix + options.mountPath);
  else if (forwardedPrefix) out.push('x-forwarded-prefix', forwardedPrefix);
  out.push('x-request-id', options.requestId);
  return out;
}

/**
 * The caller's response headers as a flat `[name, value, …]` list (what `writeHead` takes
 * without building an object): the replica's headers minus hop-by-hop ones, then `extra`.
 * Multi-valued headers (Set-Cookie) become repeated entries. Also says whether a length was
 * given (no length: a stream, whose headers are flushed at once).
 */
export function downstreamHeaderList(
  headers: IncomingHttpHeaders,
  extra: readonly string[],
): { list: string[]; hasLength: boolean } {
  const tokens = connectionTokens(headers.connection);
  const list: string[] = [];
  let hasLength = false;
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || tokens?.has(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'content-length') hasLength = true;
    if (typeof value === 'string') list.push(name, value);
    else for (const v of value) list.push(name, v);
  }
  for (const item of extra) list.push(item);
  return { list, hasLength };
}
