import { createHash, timingSafeEqual } from 'node:crypto';
import type { DeepReadonly, RoutingAuth } from '@switchyard/routing';

export type AuthResult = 'ok' | 'missing' | 'invalid';

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Checks a caller's `Authorization: Bearer <token>` against a service's token hashes.
 *
 * The token's sha256 (hex, like the stored hashes) is compared with EVERY stored hash in
 * constant time and without stopping at a match, so the response time says nothing about which
 * hash or how much of it matched. Two hashes are valid while a rotation is in progress; the old
 * token stops working when the control plane publishes the entry without its hash.
 * Enabled with no hashes fails closed.
 */
export function checkBearer(
  auth: DeepReadonly<RoutingAuth>,
  authorization: string | undefined,
): AuthResult {
  if (!auth.enabled) return 'ok';
  const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!token) return 'missing';
  const digest = Buffer.from(createHash('sha256').update(token).digest('hex'), 'latin1');
  let matched = false;
  for (const hash of auth.tokenHashes) {
    const stored = Buffer.from(hash, 'latin1');
    // Hashes are validated as 64 hex chars, like the digest; the length check only guards
    // timingSafeEqual against a malformed entry.
    if (stored.length === digest.length && timingSafeEqual(stored, digest)) matched = true;
  }
  return matched ? 'ok' : 'invalid';
}
