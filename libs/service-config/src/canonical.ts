/**
 * One byte-exact form per config: sorted keys, no undefined fields. Two deploys of the same
 * config (keys in another order, defaults spelled out or not) get the same hash, which is what
 * idempotent deploys and "nothing changed" detection compare.
 */
import { createHash } from 'node:crypto';
import type { ServiceConfig } from './schema';

/** Array order is kept: it is meaningful (the first deployment is an application's ingress). */
export function canonicalConfigJson(config: ServiceConfig): string {
  return JSON.stringify(sortKeys(config));
}

/** sha256 hex of `canonicalConfigJson`. */
export function configHash(config: ServiceConfig): string {
  return createHash('sha256').update(canonicalConfigJson(config), 'utf8').digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) out[key] = sortKeys(record[key]);
  }
  return out;
}
