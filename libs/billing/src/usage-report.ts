import type { UsageRow } from './metering';
import { formatMicros, type Micros } from './money';

export type UsageGrouping = 'project' | 'service' | 'instance_type' | 'day';

export interface UsageGroup {
  key: string;
  seconds: number;
  cost: Micros;
}

const keyOf: Record<UsageGrouping, (row: UsageRow) => string> = {
  project: (r) => r.projectId,
  service: (r) => r.serviceId,
  instance_type: (r) => r.instanceType,
  day: (r) => r.day,
};

/** Usage rows summed by one dimension, sorted by key. */
export function groupUsage(rows: readonly UsageRow[], by: UsageGrouping): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const row of rows) {
    const key = keyOf[by](row);
    const group = groups.get(key) ?? { key, seconds: 0, cost: 0 };
    group.seconds += row.seconds;
    group.cost += row.cost;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV with a header; `label` turns a key (an id) into what a reader wants to see (a name). */
export function usageCsv(
  groups: readonly UsageGroup[],
  by: UsageGrouping,
  label: (key: string) => string = (k) => k,
): string {
  const lines = [`${by},seconds,hours,cost_usd`];
  for (const g of groups)
    lines.push(
      [
        csvField(label(g.key)),
        String(g.seconds),
        (g.seconds / 3600).toFixed(6),
        formatMicros(g.cost),
      ].join(','),
    );
  return lines.join('\n') + '\n';
}
