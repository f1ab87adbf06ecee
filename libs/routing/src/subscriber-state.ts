import type { RoutingChangeMessage } from './change-message';
import { deepFreeze } from './deep-freeze';
import { RoutingTable, type TableEntry } from './routing-table';
import type { RoutingSnapshot } from './snapshot';

/** What a subscriber knows of one service: its latest revision and entry, or a tombstone (`entry: null`). */
export interface KnownRecord {
  readonly revision: number;
  readonly entry: TableEntry | null;
}

export interface StateUpdate {
  state: SubscriberState;
  /** serviceIds whose live entry changed (added, replaced or removed). */
  changed: string[];
}

/**
 * The subscriber's knowledge, as one immutable value: records (incl. tombstones, which the
 * gateway never sees but which stop a stale snapshot from resurrecting a service) and the
 * table derived from them. Pure: no Redis, no clock, so the merge rules are unit-testable.
 *
 * Merge rules:
 * - per service, the higher revision wins, whether it came by message or by snapshot;
 * - a service absent from a snapshot (Redis flushed, or the hash edited by hand) is dropped,
 *   unless a message changed it after the snapshot was requested: messages and snapshot reads
 *   travel on different connections, so a change committed after the read may arrive first.
 */
export class SubscriberState {
  static readonly empty = new SubscriberState(new Map(), RoutingTable.empty, 0);

  private constructor(
    readonly records: ReadonlyMap<string, KnownRecord>,
    readonly table: RoutingTable,
    /** The highest routing version seen, by message or snapshot. */
    readonly version: number,
  ) {
    Object.freeze(this);
  }

  revisionOf(serviceId: string): number {
    return this.records.get(serviceId)?.revision ?? -1;
  }

  /** Applies one channel message. `gap`: the message skipped versions, so some were missed. */
  applyMessage(message: RoutingChangeMessage): StateUpdate & { gap: boolean } {
    const gap = message.version > this.version + 1;
    const version = Math.max(this.version, message.version);
    if (message.revision <= this.revisionOf(message.serviceId)) {
      const state =
        version === this.version ? this : new SubscriberState(this.records, this.table, version);
      return { state, changed: [], gap };
    }
    const records = new Map(this.records);
    let table: RoutingTable;
    if (message.kind === 'upsert') {
      const entry = deepFreeze(message.entry);
      records.set(message.serviceId, Object.freeze({ revision: message.revision, entry }));
      table = this.table.with(entry);
    } else {
      records.set(message.serviceId, Object.freeze({ revision: message.revision, entry: null }));
      table = this.table.without(message.serviceId);
    }
    const changed = table === this.table ? [] : [message.serviceId];
    return { state: new SubscriberState(records, table, version), changed, gap };
  }

  /**
   * Merges a full snapshot that was requested when the state was `before` (this state may have
   * moved on since, through messages).
   */
  applySnapshot(snapshot: RoutingSnapshot, before: SubscriberState): StateUpdate {
    const unreadable = new Set(snapshot.invalid.map((i) => i.serviceId));
    const records = new Map<string, KnownRecord>();
    const changed: string[] = [];
    for (const [serviceId, current] of this.records) {
      const stored = snapshot.records.get(serviceId);
      if (stored) {
        if (stored.revision > current.revision) {
          const entry = stored.entry ? deepFreeze(stored.entry) : null;
          records.set(serviceId, Object.freeze({ revision: stored.revision, entry }));
          if (entry || current.entry) changed.push(serviceId);
        } else {
          records.set(serviceId, current);
        }
      } else if (unreadable.has(serviceId) || before.records.get(serviceId) !== current) {
        records.set(serviceId, current);
      } else if (current.entry) {
        changed.push(serviceId);
      }
    }
    for (const [serviceId, stored] of snapshot.records) {
      if (this.records.has(serviceId)) continue;
      const entry = stored.entry ? deepFreeze(stored.entry) : null;
      records.set(serviceId, Object.freeze({ revision: stored.revision, entry }));
      if (entry) changed.push(serviceId);
    }
    // Trust the snapshot's version (it may have gone down after a flush) unless messages
    // newer than the read have been applied meanwhile.
    const version =
      this.version > before.version ? Math.max(this.version, snapshot.version) : snapshot.version;
    let table = this.table;
    if (changed.length > 0) {
      const live: TableEntry[] = [];
      for (const record of records.values()) if (record.entry) live.push(record.entry);
      table = RoutingTable.fromEntries(live);
    }
    return { state: new SubscriberState(records, table, version), changed };
  }
}
