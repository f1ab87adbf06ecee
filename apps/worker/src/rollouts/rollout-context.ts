import type { Cluster, Db } from '@switchyard/db';

const liveClusters = {
  where: { state: { not: 'TERMINATED' as const } },
  orderBy: { createdAt: 'desc' as const },
};

/**
 * Everything one tick reads, in ONE statement (relationJoins): the rollout, its service and
 * project, both versions with their cloud, compute config and live clusters, and the oldest
 * user command not yet consumed. Ticks are the hot path; each extra round trip costs.
 */
export async function loadRolloutContext(db: Db, rolloutId: string) {
  const row = await db.rollout.findUnique({
    relationLoadStrategy: 'join',
    where: { id: rolloutId },
    include: {
      service: { include: { project: { select: { name: true } } } },
      toVersion: { include: { cloud: true, computeConfig: true, clusters: liveClusters } },
      fromVersion: { include: { cloud: true, computeConfig: true, clusters: liveClusters } },
      commands: { where: { consumedAt: null }, orderBy: { createdAt: 'asc' }, take: 1 },
    },
  });
  if (!row) return null;
  const { commands, ...rollout } = row;
  const clusters: Cluster[] = [
    ...rollout.toVersion.clusters,
    ...(rollout.fromVersion?.clusters ?? []),
  ].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { rollout, clusters, command: commands[0] ?? null };
}

export type RolloutContext = NonNullable<Awaited<ReturnType<typeof loadRolloutContext>>>;

/**
 * The cluster serving each side. An in-place rollout has one cluster (the old version's) for
 * both; otherwise the new version's cluster is the one this rollout provisioned.
 */
export function clustersOf(ctx: RolloutContext): {
  newCluster: Cluster | undefined;
  oldCluster: Cluster | undefined;
} {
  const oldCluster = ctx.clusters.find((c) => c.serviceVersionId === ctx.rollout.fromVersionId);
  if (ctx.rollout.strategy === 'IN_PLACE') return { newCluster: oldCluster, oldCluster };
  return {
    newCluster: ctx.clusters.find((c) => c.serviceVersionId === ctx.rollout.toVersionId),
    oldCluster,
  };
}
