import { groupUsage, usageCsv, type UsageGrouping, type UsageRow } from '@switchyard/billing';
import { usdOfMicros } from './money-fields';

/** The usage report as the API answers it: groups with names, totals, money as micros + dollars. */
export function usageReport(
  rows: readonly UsageRow[],
  period: { from: string; to: string; groupBy: UsageGrouping },
  names: ReadonlyMap<string, string>,
) {
  const groups = groupUsage(rows, period.groupBy);
  const totalSeconds = groups.reduce((n, g) => n + g.seconds, 0);
  const totalCost = groups.reduce((n, g) => n + g.cost, 0);
  return {
    from: period.from,
    to: period.to,
    group_by: period.groupBy,
    groups: groups.map((g) => ({
      key: g.key,
      name: names.get(g.key) ?? g.key,
      seconds: g.seconds,
      cost_micros: g.cost,
      cost_usd: usdOfMicros(g.cost),
    })),
    total_seconds: totalSeconds,
    total_cost_micros: totalCost,
    total_cost_usd: usdOfMicros(totalCost),
  };
}

/** The same groups as CSV, named for a reader (project and service names, not ids). */
export function usageReportCsv(
  rows: readonly UsageRow[],
  groupBy: UsageGrouping,
  names: ReadonlyMap<string, string>,
): string {
  return usageCsv(groupUsage(rows, groupBy), groupBy, (key) => names.get(key) ?? key);
}

/** CSV when asked by `format=csv`, or by an Accept header that prefers text/csv and no `format`. */
export function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  return /(^|,)\s*text\/csv\b/i.test(accept ?? '');
}
