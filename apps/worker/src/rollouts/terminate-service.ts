import type { Db } from '@switchyard/db';
import type { ProviderFor } from '../providers/provider-registry';

/**
 * Terminates every live cluster of a service that has no active rollout (a rollout's own
 * terminate goes through the state machine instead). Idempotent: the provider call is keyed
 * by the cluster, and a TERMINATED service is left alone.
 */
export async function terminateService(
  db: Db,
  serviceId: string,
  providerFor: ProviderFor,
): Promise<boolean> {
  const service = await db.service.findUnique({ where: { id: serviceId } });
  if (!service || service.state === 'TERMINATED') return false;
  const clusters = await db.cluster.findMany({
    where: { version: { serviceId }, state: { not: 'TERMINATED' } },
  });
  for (const cluster of clusters) {
    if (cluster.providerClusterId) {
      await (
        await providerFor(cluster)
      ).terminateCluster(
        { providerClusterId: cluster.providerClusterId },
        `terminate-service/${cluster.id}`,
      );
    }
  }
  await db.$transaction(async (tx) => {
    await tx.cluster.updateMany({
      where: { id: { in: clusters.map((c) => c.id) } },
      data: { state: 'TERMINATED', terminatedAt: new Date() },
    });
    await tx.serviceVersion.updateMany({
      where: { serviceId, state: { notIn: ['TERMINATED', 'FAILED'] } },
      data: { state: 'TERMINATED', currentWeight: 0, targetWeight: 0 },
    });
    await tx.service.update({
      where: { id: serviceId },
      data: { state: 'TERMINATED', canaryVersionId: null, routingRevision: { increment: 1 } },
    });
  });
  return true;
}
