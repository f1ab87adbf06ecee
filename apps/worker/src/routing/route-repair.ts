import type { Db } from '@switchyard/db';
import type { Redis } from '@switchyard/platform';
import { routingKeys } from '@switchyard/routing';

/**
 * The services whose routing entry in Redis is missing, behind Postgres, or left over — the
 * repair half of "publish after commit": a tick publishes its service's entry only when it
 * wrote something, so a publish lost to a crash (or a flushed Redis) is found here by comparing
 * revisions, and the reconciler republishes it.
 */
export async function servicesWithStaleRoutes(
  db: Db,
  redis: Redis,
  prefix: string,
): Promise<string[]> {
  const keys = routingKeys(prefix);
  const [services, present] = await Promise.all([
    db.service.findMany({ select: { id: true, state: true, routingRevision: true } }),
    redis.hgetall(keys.revisions),
  ]);
  const entries = new Set(await redis.hkeys(keys.entries));
  const stale: string[] = [];
  for (const service of services) {
    const stored = present[service.id] === undefined ? -1 : Number(present[service.id]);
    if (service.state === 'TERMINATED') {
      if (entries.has(service.id)) stale.push(service.id);
    } else if (!entries.has(service.id) || stored < service.routingRevision) {
      stale.push(service.id);
    }
  }
  return stale;
}
