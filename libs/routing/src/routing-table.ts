import { deepFreeze, type DeepReadonly } from './deep-freeze';
import type { RoutingEntry } from './routing-entry';

/** An entry as held by a table: deeply frozen, shared by every reader. */
export type TableEntry = DeepReadonly<RoutingEntry>;

/** The `(project, service)` lookup key; names cannot contain NUL. */
function nameKey(project: string, service: string): string {
  return `${project}\u0000${service}`;
}

/**
 * Which of two entries claiming the same slug wins. Two live entries share a slug only
 * transiently (a service deleted and re-created under the same name, and the removal not yet
 * seen); the most recently updated one is the one the control plane means.
 */
function wins(candidate: TableEntry, current: TableEntry | undefined): boolean {
  if (!current) return true;
  if (candidate.updatedAt !== current.updatedAt) return candidate.updatedAt > current.updatedAt;
  return candidate.serviceId > current.serviceId;
}

/**
 * The routing table: serviceId → entry, with the two lookups a gateway makes per request
 * (host-based by endpoint slug, path-based by project and service name).
 *
 * Immutable: changes produce a new table, so a gateway swaps the whole table in one assignment
 * and a request that grabbed a table keeps a consistent view (never a half-applied update).
 * The indexes are private maps; only read methods are exposed.
 */
export class RoutingTable {
  static readonly empty = new RoutingTable(new Map());

  private readonly bySlugIndex = new Map<string, TableEntry>();
  private readonly byNameIndex = new Map<string, TableEntry>();

  private constructor(private readonly byId: ReadonlyMap<string, TableEntry>) {
    for (const entry of byId.values()) {
      if (wins(entry, this.bySlugIndex.get(entry.endpointSlug)))
        this.bySlugIndex.set(entry.endpointSlug, entry);
      const key = nameKey(entry.project, entry.service);
      if (wins(entry, this.byNameIndex.get(key))) this.byNameIndex.set(key, entry);
    }
    Object.freeze(this);
  }

  /** Builds a table from validated entries (they are frozen in place). Later duplicates of a serviceId win. */
  static fromEntries(entries: Iterable<RoutingEntry | TableEntry>): RoutingTable {
    const byId = new Map<string, TableEntry>();
    for (const entry of entries) byId.set(entry.serviceId, deepFreeze(entry as RoutingEntry));
    return new RoutingTable(byId);
  }

  get size(): number {
    return this.byId.size;
  }

  get(serviceId: string): TableEntry | undefined {
    return this.byId.get(serviceId);
  }

  /** Host-based routing: `<service>--<project>.<base domain>` → the slug is the first label. */
  bySlug(endpointSlug: string): TableEntry | undefined {
    return this.bySlugIndex.get(endpointSlug);
  }

  /** Path-based routing: `/s/<project>/<service>/...`. */
  byName(project: string, service: string): TableEntry | undefined {
    return this.byNameIndex.get(nameKey(project, service));
  }

  entries(): TableEntry[] {
    return [...this.byId.values()];
  }

  serviceIds(): string[] {
    return [...this.byId.keys()];
  }

  /** A new table with `entry` added or replacing the entry of its serviceId. */
  with(entry: RoutingEntry | TableEntry): RoutingTable {
    const byId = new Map(this.byId);
    byId.set(entry.serviceId, deepFreeze(entry as RoutingEntry));
    return new RoutingTable(byId);
  }

  /** A new table without `serviceId` (this table if it was absent). */
  without(serviceId: string): RoutingTable {
    if (!this.byId.has(serviceId)) return this;
    const byId = new Map(this.byId);
    byId.delete(serviceId);
    return new RoutingTable(byId);
  }

  /** serviceId → entry, e.g. for a debug endpoint or to compare two gateways' tables. */
  toJSON(): Record<string, TableEntry> {
    return Object.fromEntries(
      [...this.byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }
}
