import { ProviderError, type NodeInfo } from '@switchyard/cloud-providers';
import type { Cluster, Db } from '@switchyard/db';
import type { Logger } from '@switchyard/platform';
import type { ProviderFor } from '../providers/provider-registry';
import { planNodeWrites } from './node-plan';

export interface NodeSyncResult {
  /** Clusters asked about. */
  clusters: number;
  created: number;
  updated: number;
  /** Clusters whose every node now has a stop time (never synced again). */
  settled: number;
  /** Clusters whose provider could not answer this time (tried again next run). */
  failed: number;
}

/** Clusters the provider reports nothing more about once over. */
const OVER: ReadonlySet<Cluster['state']> = new Set(['TERMINATED', 'FAILED']);

/**
 * Keeps the `cluster_nodes` rows — what billing meters — in step with what each provider
 * reports: every cluster that was provisioned and is not yet settled is described, and only
 * the differences are written (see `planNodeWrites`), so a second run changes nothing and two
 * workers running it at once write the same rows.
 *
 * It runs on its own schedule rather than inside rollout ticks because nodes start and stop
 * outside rollouts too (autoscaling, termination after the last tick).
 */
export class NodeSync {
  constructor(
    private readonly db: Db,
    private readonly providerFor: ProviderFor,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<NodeSyncResult> {
    const clusters = await this.db.cluster.findMany({
      where: { providerClusterId: { not: null }, nodesSettledAt: null },
      select: {
        id: true,
        orgId: true,
        provider: true,
        cloudId: true,
        providerClusterId: true,
        state: true,
        terminatedAt: true,
      },
      orderBy: { createdAt: 'asc' },
    });
    const result: NodeSyncResult = {
      clusters: clusters.length,
      created: 0,
      updated: 0,
      settled: 0,
      failed: 0,
    };
    for (const cluster of clusters) {
      const reported = await this.describe(cluster);
      if (reported === 'failed') {
        result.failed++;
        continue;
      }
      const written = await this.record(cluster, reported);
      result.created += written.created;
      result.updated += written.updated;
      if (written.settled) result.settled++;
    }
    if (result.created || result.updated || result.settled || result.failed)
      this.logger.info(result, 'cluster nodes synced');
    return result;
  }

  /** The provider's nodes; none for an ended cluster the provider no longer knows. */
  private async describe(cluster: SyncCluster): Promise<NodeInfo[] | 'failed'> {
    try {
      const status = await (
        await this.providerFor(cluster)
      ).describeCluster({
        providerClusterId: cluster.providerClusterId!,
      });
      return status.nodes;
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found' && OVER.has(cluster.state))
        return [];
      this.logger.warn(
        { err: error, clusterId: cluster.id },
        'could not describe a cluster to sync its nodes',
      );
      return 'failed';
    }
  }

  private async record(cluster: SyncCluster, reported: NodeInfo[]) {
    const now = new Date(this.clock());
    const over = OVER.has(cluster.state);
    return this.db.$transaction(async (tx) => {
      const recorded = await tx.clusterNode.findMany({
        where: { clusterId: cluster.id },
        select: { id: true, providerNodeId: true, state: true, startedAt: true, stoppedAt: true },
      });
      const plan = planNodeWrites({
        recorded,
        reported,
        clusterOver: over,
        closeAt: over && cluster.terminatedAt ? cluster.terminatedAt : now,
      });
      if (plan.creates.length > 0) {
        await tx.clusterNode.createMany({
          data: plan.creates.map((n) => ({ ...n, orgId: cluster.orgId, clusterId: cluster.id })),
          skipDuplicates: true,
        });
      }
      for (const update of plan.updates) {
        await tx.clusterNode.update({
          where: { id: update.id },
          data: { state: update.state, startedAt: update.startedAt, stoppedAt: update.stoppedAt },
        });
      }
      if (plan.settled)
        await tx.cluster.update({ where: { id: cluster.id }, data: { nodesSettledAt: now } });
      return { created: plan.creates.length, updated: plan.updates.length, settled: plan.settled };
    });
  }
}

type SyncCluster = Pick<
  Cluster,
  'id' | 'orgId' | 'provider' | 'cloudId' | 'providerClusterId' | 'state' | 'terminatedAt'
>;
