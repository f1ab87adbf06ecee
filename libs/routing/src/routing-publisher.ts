import type { Redis } from '@switchyard/platform';
import { compareAndSet, type CompareAndSetResult } from './compare-and-set';
import { routingKeys, type RoutingKeys } from './redis-keys';
import { routingEntrySchema, type RoutingEntry } from './routing-entry';
import { RoutingTable } from './routing-table';
import { readSnapshot } from './snapshot';

export type PublishResult = CompareAndSetResult;

/** Thrown by `snapshot()` when Redis holds entries that do not validate (a writer bug). */
export class InvalidRoutingDataError extends Error {
  constructor(readonly invalid: { serviceId: string; reason: string }[]) {
    super(
      `invalid routing data in Redis:\n${invalid.map((i) => `  ${i.serviceId}: ${i.reason}`).join('\n')}`,
    );
    this.name = 'InvalidRoutingDataError';
  }
}

/**
 * The write side, used by the worker (after a tick changed weights or replicas) and the api
 * (token rotation, service deletion). Any number of writers may race: each write is a
 * compare-and-set on the service's revision, so the newest revision wins regardless of the
 * order in which writes reach Redis, and a replayed job re-publishing an old revision is a no-op.
 *
 * The connection is the caller's (an ordinary command connection; it is not put in subscriber
 * mode) and is not closed here.
 */
export class RoutingPublisher {
  private readonly keys: RoutingKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = routingKeys(prefix);
  }

  /** Validates `entry` (throws a ZodError) and stores it if its revision is newer than Redis's. */
  async publish(entry: RoutingEntry): Promise<PublishResult> {
    const valid = routingEntrySchema.parse(entry);
    return compareAndSet(
      this.redis,
      this.keys,
      valid.serviceId,
      valid.revision,
      JSON.stringify(valid),
    );
  }

  /**
   * Removes a service if `revision` is newer than the stored one, leaving a tombstone with that
   * revision: a publish of an older revision that arrives later is then refused. Use a revision
   * above the service's last published one.
   */
  async remove(serviceId: string, revision: number): Promise<PublishResult> {
    if (serviceId.length === 0) throw new Error('serviceId is empty');
    return compareAndSet(this.redis, this.keys, serviceId, revision, null);
  }

  /** The full table as stored now (live services only). */
  async snapshot(): Promise<RoutingTable> {
    const snapshot = await readSnapshot(this.redis, this.keys);
    if (snapshot.invalid.length > 0) throw new InvalidRoutingDataError(snapshot.invalid);
    const live: RoutingEntry[] = [];
    for (const record of snapshot.records.values()) if (record.entry) live.push(record.entry);
    return RoutingTable.fromEntries(live);
  }
}
