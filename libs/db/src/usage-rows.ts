import type { UsageRow } from '@switchyard/billing';
import type { Db } from './client';

type DbOrTx = Db | Parameters<Parameters<Db['$transaction']>[0]>[0];

/** 2026-12-03 → the Date of that UTC day's midnight, as `NodeDailyUsage.day` stores it. */
export const usageDay = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
/** The inverse of `usageDay`. */
export const usageDayString = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * One organization's metered usage on the days `from` ≤ day < `to` (YYYY-MM-DD), as
 * `libs/billing` aggregates it: what the API's usage report and the worker's invoices both read.
 */
export async function usageRowsOf(
  db: DbOrTx,
  orgId: string,
  from: string,
  to: string,
): Promise<UsageRow[]> {
  const rows = await db.nodeDailyUsage.findMany({
    where: { orgId, day: { gte: usageDay(from), lt: usageDay(to) } },
    select: {
      projectId: true,
      serviceId: true,
      instanceType: true,
      gpuType: true,
      gpuCount: true,
      day: true,
      seconds: true,
      costMicros: true,
    },
  });
  return rows.map((r) => ({
    orgId,
    projectId: r.projectId,
    serviceId: r.serviceId,
    instanceType: r.instanceType,
    gpuType: r.gpuType,
    gpuCount: r.gpuCount,
    day: usageDayString(r.day),
    seconds: r.seconds,
    cost: Number(r.costMicros),
  }));
}
