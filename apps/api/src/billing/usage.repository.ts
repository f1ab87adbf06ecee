import type { DbOrTx } from '../infra/db-types';
import { usageDay as dayDate } from '@switchyard/db';

// The usage rows themselves are read in libs/db (the worker's invoices read them too).
export { usageDay as dayDate, usageDayString as dayString, usageRowsOf } from '@switchyard/db';

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
