import type { Redis } from '@switchyard/platform';
import type { RoutingKeys } from './redis-keys';
import { routingEntrySchema, type RoutingEntry } from './routing-entry';

/** One service as stored: a live entry, or a tombstone (`entry: null`) that only keeps the revision. */
export interface StoredRecord {
  revision: number;
  entry: RoutingEntry | null;
}

/** A stored entry that did not validate; kept out of the table and reported. */
export interface InvalidRecord {
  serviceId: string;
  reason: string;
}

export interface RoutingSnapshot {
  /** The version counter at the time of the read (0 if nothing was ever published). */
  version: number;
  /** Every service Redis knows, live or removed. */
  records: Map<string, StoredRecord>;
  invalid: InvalidRecord[];
}

/**
 * Reads entries, revisions and the version counter in one MULTI, so the three are mutually
 * consistent (the compare-and-set script cannot run in between).
 */
export async function readSnapshot(redis: Redis, keys: RoutingKeys): Promise<RoutingSnapshot> {
  const replies = await redis
    .multi()
    .hgetall(keys.entries)
    .hgetall(keys.revisions)
    .get(keys.version)
    .exec();
  if (!replies) throw new Error('routing snapshot transaction was aborted');
  for (const [error] of replies) if (error) throw error;
  const entries = (replies[0]?.[1] ?? {}) as Record<string, string>;
  const revisions = (replies[1]?.[1] ?? {}) as Record<string, string>;
  const version = Number((replies[2]?.[1] as string | null) ?? 0);

  const records = new Map<string, StoredRecord>();
  const invalid: InvalidRecord[] = [];
  for (const [serviceId, raw] of Object.entries(revisions)) {
    const revision = Number(raw);
    if (!Number.isSafeInteger(revision)) {
      invalid.push({ serviceId, reason: `revision ${JSON.stringify(raw)} is not an integer` });
      continue;
    }
    const json = entries[serviceId];
    if (json === undefined) {
      records.set(serviceId, { revision, entry: null });
      continue;
    }
    const reason = parseStoredEntry(serviceId, revision, json);
    if (typeof reason === 'string') invalid.push({ serviceId, reason });
    else records.set(serviceId, { revision, entry: reason });
  }
  for (const serviceId of Object.keys(entries)) {
    if (revisions[serviceId] === undefined)
      invalid.push({ serviceId, reason: 'entry without a revision' });
  }
  return { version, records, invalid };
}

/** The entry, or why it is unusable. */
function parseStoredEntry(
  serviceId: string,
  revision: number,
  json: string,
): RoutingEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'entry is not JSON';
  }
  const result = routingEntrySchema.safeParse(value);
  if (!result.success)
    return `entry does not validate: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  if (result.data.serviceId !== serviceId)
    return `entry is stored under ${serviceId} but names ${result.data.serviceId}`;
  if (result.data.revision !== revision)
    return `entry revision ${result.data.revision} differs from stored revision ${revision}`;
  return result.data;
}
