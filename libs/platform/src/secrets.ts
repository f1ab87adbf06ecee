import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every API token starts with this, so secret scanners and humans can recognise one. */
export const API_TOKEN_PREFIX = 'sy_';
/** Characters of a token shown in lists: `sy_` and the first 8 of the random part. */
export const TOKEN_DISPLAY_LENGTH = API_TOKEN_PREFIX.length + 8;

/** `sy_` + 32 random bytes, base64url (43 characters): 256 bits of entropy. */
export function generateApiToken(prefix = API_TOKEN_PREFIX): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored as SHA-256 hex: fast to look up, useless to a reader of the database. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests (unequal lengths compare unequal, still in constant time). */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  if (left.length !== right.length || left.length === 0) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
