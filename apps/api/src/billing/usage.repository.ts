import type { UsageRow } from '@switchyard/billing';
import type { DbOrTx } from '../infra/db-types';

export const dayDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
export const dayString = (date: Date) => date.toISOString().slice(0, 10);

/** One organization's metered usage rows on the days `from` ≤ day < `to` (YYYY-MM-DD). */
export async function usageRowsOf(
  db: DbOrTx,
  orgId: string,
  from: string,
  to: string,
): Promise<UsageRow[]> {
  const rows = await db.nodeDailyUsage.findMany({
    where: { orgId, day: { gte: dayDate(from), lt: dayDate(to) } },
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
    day: dayString(r.day),
    seconds: r.seconds,
    cost: Number(r.costMicros),
  }));
}

/** Names of the organization's projects and services by id (usage keeps ids; readers want names). */
export async function namesOf(
  db: DbOrTx,
  orgId: string,
  ids: { projectIds: string[]; serviceIds: string[] },
): Promise<Map<string, string>> {
  const [projects, services] = await Promise.all([
    ids.projectIds.length
      ? db.project.findMany({
          where: { orgId, id: { in: ids.projectIds } },
          select: { id: true, name: true },
        })
      : [],
    ids.serviceIds.length
      ? db.service.findMany({
          where: { orgId, id: { in: ids.serviceIds } },
          select: { id: true, name: true },
        })
      : [],
  ]);
  return new Map([...projects, ...services].map((r) => [r.id, r.name]));
}

/** What the organization has spent in the month `day` is in, up to now (metered usage). */
export async function monthToDateMicros(db: DbOrTx, orgId: string, day: string): Promise<number> {
  const monthStart = `${day.slice(0, 7)}-01`;
  const sum = await db.nodeDailyUsage.aggregate({
    where: { orgId, day: { gte: dayDate(monthStart) } },
    _sum: { costMicros: true },
  });
  return Number(sum._sum.costMicros ?? 0n);
}
