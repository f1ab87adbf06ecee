import { chargeFor, type Micros } from './money';
import { hourlyPrice, type NodePriceInput, type PriceCatalog } from './price-catalog';

const DAY_MS = 86_400_000;

/** A node as recorded by the worker: when it ran (epoch ms; `stoppedAt` null while running). */
export interface MeteredNode extends NodePriceInput {
  nodeId: string;
  orgId: string;
  projectId: string;
  serviceId: string;
  startedAt: number;
  stoppedAt: number | null;
}

/** A node's time within one UTC day. */
export interface DaySegment {
  day: string;
  seconds: number;
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Splits the interval a node ran into UTC-day segments of whole seconds. Times are truncated
 * to the second first (billing is per second), so segments add up exactly to the whole.
 *
 * Example: started 2026-01-31T23:59:30.700Z, stopped 2026-02-01T00:00:10.200Z →
 * [{ day: 2026-01-31, seconds: 30 }, { day: 2026-02-01, seconds: 10 }].
 */
export function daySegments(startedAt: number, endedAt: number): DaySegment[] {
  let from = Math.floor(startedAt / 1000) * 1000;
  const to = Math.floor(endedAt / 1000) * 1000;
  const segments: DaySegment[] = [];
  while (from < to) {
    const midnight = (Math.floor(from / DAY_MS) + 1) * DAY_MS;
    const end = Math.min(midnight, to);
    segments.push({ day: utcDay(from), seconds: (end - from) / 1000 });
    from = end;
  }
  return segments;
}

/** One row of usage: what one node-type of one service ran on one day, and what it cost. */
export interface UsageRow {
  orgId: string;
  projectId: string;
  serviceId: string;
  instanceType: string;
  gpuType: string | null;
  gpuCount: number;
  day: string;
  seconds: number;
  cost: Micros;
}

export interface UnpricedUsage {
  nodeId: string;
  instanceType: string;
  day: string;
  seconds: number;
  reason: string;
}

export interface Metering {
  rows: UsageRow[];
  /** Time on types the catalog has no price for: reported, never silently billed as zero. */
  unpriced: UnpricedUsage[];
}

/**
 * Usage of `nodes` up to `until` (epoch ms; running nodes are metered to then), per
 * (org, project, service, instance type, GPU, day). Each node's day segment is charged by the
 * one rounding rule (see money.ts) and then summed, so the result does not depend on how
 * nodes are grouped or ordered — and metering the same nodes twice gives the same rows.
 */
export function meter(
  nodes: readonly MeteredNode[],
  catalog: PriceCatalog,
  until: number,
): Metering {
  const rows = new Map<string, UsageRow>();
  const unpriced: UnpricedUsage[] = [];
  for (const node of nodes) {
    const end = node.stoppedAt === null ? until : Math.min(node.stoppedAt, until);
    for (const segment of daySegments(node.startedAt, end)) {
      const price = hourlyPrice(catalog, node, segment.day);
      if (!price.ok) {
        unpriced.push({
          nodeId: node.nodeId,
          instanceType: node.instanceType,
          day: segment.day,
          seconds: segment.seconds,
          reason: price.reason,
        });
        continue;
      }
      const key = [
        node.orgId,
        node.projectId,
        node.serviceId,
        node.instanceType,
        node.gpuType ?? '',
        node.gpuCount,
        segment.day,
      ].join('\u0000');
      const row = rows.get(key) ?? {
        orgId: node.orgId,
        projectId: node.projectId,
        serviceId: node.serviceId,
        instanceType: node.instanceType,
        gpuType: node.gpuType,
        gpuCount: node.gpuCount,
        day: segment.day,
        seconds: 0,
        cost: 0,
      };
      row.seconds += segment.seconds;
      row.cost += chargeFor(price.hourly, segment.seconds);
      rows.set(key, row);
    }
  }
  const sortKey = (r: UsageRow) => [r.day, r.projectId, r.serviceId, r.instanceType, r.gpuType ?? '', String(r.gpuCount)].join('\u0000');
  const sorted = [...rows.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  return { rows: sorted, unpriced };
}
