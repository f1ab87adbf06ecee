/**
 * Deterministic names: every id and idempotency token is derived from the caller's keys, so a
 * retried or replayed job computes the same ones and the cloud deduplicates the launch.
 */
import { createHash } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `sy-` + 16 hex: valid as an EC2 tag value and inside a GCP instance name / label value. */
export function clusterIdOf(clusterKey: string): string {
  return `sy-${sha256(`cluster|${clusterKey}`).slice(0, 16)}`;
}

/** What a key is remembered as (on the head node, and on the nodes launched under it). */
export function keyDigest(namespace: string, key: string): string {
  return sha256(`${namespace}|${key}`).slice(0, 12);
}

/** ≤ 64 ASCII characters (EC2's ClientToken limit): one launch = (cluster, key, what, slot). */
export function launchToken(
  clusterId: string,
  launchKey: string,
  what: string,
  slot: number,
): string {
  return `${clusterId}-${sha256(`${launchKey}|${what}|${slot}`).slice(0, 24)}`;
}

export function specHashOf(specDocument: string): string {
  return sha256(specDocument).slice(0, 16);
}

/**
 * A name-based UUID (RFC 9562 layout, version 5 bits, from SHA-256 rather than SHA-1): the same
 * seed always gives the same UUID, never the nil UUID GCP refuses as a requestId.
 */
export function deterministicUuid(seed: string): string {
  const h = sha256(`uuid|${seed}`).slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
