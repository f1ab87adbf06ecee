import type { Cluster, Db } from '@switchyard/db';

/** Everything one tick reads, in three statements. */
export async function loadRolloutContext(db: Db, rolloutId: string) {
  // One statement with joins instead of one per relation: ticks are the hot path.
  const rollout = await db.rollout.findUnique({
    relationLoadStrategy: 'join',
    where: { id: rolloutId },
    include: {
      service: { include: { project: { select: { name: true } } } },
      toVersion: { include: { cloud: true, computeConfig: true } },
      fromVersion: { include: { cloud: true, computeConfig: true } },
    },
  });
  if (!rollout) return null;
  const versionIds = [rollout.toVersionId, ...(rollout.fromVersionId ? [rollout.fromVersionId] : [])];
  const [clusters, command] = await Promise.all([
    db.cluster.findMany({ where: { serviceVersionId: { in: versionIds }, state: { not: 'TERMINATED' } }, orderBy: { createdAt: 'desc' } }),
    db.rolloutCommand.findFirst({ where: { rolloutId, consumedAt: null }, orderBy: { createdAt: 'asc' } }),
  ]);
  return { rollout, clusters, command };
}

export type RolloutContext = NonNullable<Awaited<ReturnType<typeof loadRolloutContext>>>;

/**
 * The cluster serving each side. An in-place rollout has one cluster (the old version's) for
 * both; otherwise the new version's cluster is the one this rollout provisioned.
 */
export function clustersOf(ctx: RolloutContext): { newCluster: Cluster | undefined; oldCluster: Cluster | undefined } {
  const oldCluster = ctx.clusters.find((c) => c.serviceVersionId === ctx.rollout.fromVersionId);
  if (ctx.rollout.strategy === 'IN_PLACE') return { newCluster: oldCluster, oldCluster };
  return { newCluster: ctx.clusters.find((c) => c.serviceVersionId === ctx.rollout.toVersionId), oldCluster };
}
