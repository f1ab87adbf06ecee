import {
  meter,
  versionOn,
  type MeteredNode,
  type PriceCatalog,
  type UnpricedUsage,
} from '@switchyard/billing';

/** One node's usage on one UTC day, as stored in `node_daily_usage`. */
export interface NodeDay {
  day: string;
  seconds: number;
  costMicros: number;
  priceCatalogDate: string;
}

export interface NodeUsage {
  days: NodeDay[];
  unpriced: UnpricedUsage[];
}

/**
 * Every day of one node's life up to `until`, priced by libs/billing's `meter` (the one rounding
 * rule, per node and UTC day). Derived from the start and stop times alone, so deriving it again
 * gives the same days — what makes metering idempotent.
 */
export function nodeUsage(node: MeteredNode, catalog: PriceCatalog, until: number): NodeUsage {
  const metering = meter([node], catalog, until);
  return {
    days: metering.rows.map((row) => ({
      day: row.day,
      seconds: row.seconds,
      costMicros: row.cost,
      // meter() priced the row, so a version is in force on its day.
      priceCatalogDate: versionOn(catalog, row.day)!.effectiveFrom,
    })),
    unpriced: metering.unpriced,
  };
}

export interface UsageWrites {
  /** Days to insert or overwrite (the derived value differs from the recorded one). */
  upserts: NodeDay[];
  /** Recorded days the node no longer has (its start or stop time was corrected). */
  deletes: string[];
}

/**
 * What to write so a node's recorded days equal the derived ones, and nothing when they already
 * do: a second metering at the same instant writes nothing, and rows are overwritten, never
 * incremented, so a retried or concurrent run cannot count a second twice.
 *
 * Example: recorded `[01-31: 7200 s]`, derived `[01-31: 7200 s, 02-01: 60 s]` → upsert 02-01 only.
 */
export function planUsageWrites(
  derived: readonly NodeDay[],
  recorded: readonly NodeDay[],
): UsageWrites {
  const recordedByDay = new Map(recorded.map((r) => [r.day, r]));
  const derivedDays = new Set(derived.map((d) => d.day));
  const upserts = derived.filter((d) => {
    const r = recordedByDay.get(d.day);
    return (
      !r ||
      r.seconds !== d.seconds ||
      r.costMicros !== d.costMicros ||
      r.priceCatalogDate !== d.priceCatalogDate
    );
  });
  const deletes = recorded.filter((r) => !derivedDays.has(r.day)).map((r) => r.day);
  return { upserts, deletes };
}
