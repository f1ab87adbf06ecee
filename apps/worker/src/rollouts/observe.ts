import type { ClusterStatus, CloudProvider } from '@switchyard/cloud-providers';
import type { Cluster, RolloutCommand } from '@switchyard/db';
import type { Observations, UserCommand, VersionObservation } from '@switchyard/rollout';
import type { ClusterFact } from './execute';
import { clustersOf, type RolloutContext } from './rollout-context';

export interface Observed {
  observations: Observations;
  /** Raw statuses by cluster id, for the version summaries shown in service status. */
  statuses: Map<string, ClusterStatus>;
}

function versionObservation(status: ClusterStatus): VersionObservation {
  return {
    healthy: status.healthy,
    deployments: status.deployments.map((d) => ({
      application: d.application,
      deployment: d.deployment,
      readyReplicas: d.readyReplicas,
    })),
  };
}

export function userCommandOf(command: RolloutCommand | null): UserCommand | undefined {
  if (!command) return undefined;
  const payload = command.payload as { percent?: number; maxSurgePercent?: number };
  switch (command.kind) {
    case 'SET_CANARY_PERCENT':
      return { kind: 'setCanaryPercent', percent: payload.percent ?? 0 };
    case 'ROLLBACK':
      return payload.maxSurgePercent !== undefined
        ? { kind: 'rollback', maxSurgePercent: payload.maxSurgePercent }
        : { kind: 'rollback' };
    case 'TERMINATE':
      return { kind: 'terminate' };
    default: {
      const unreachable: never = command.kind;
      return unreachable;
    }
  }
}

/** Asks the provider about each live cluster of the rollout and reads the oldest user command. */
export async function observe(
  ctx: RolloutContext,
  providerFor: (cluster: Cluster) => Promise<CloudProvider>,
): Promise<Observed> {
  const { newCluster, oldCluster } = clustersOf(ctx);
  const statuses = new Map<string, ClusterStatus>();
  const describe = async (cluster: Cluster | undefined) => {
    if (!cluster?.providerClusterId || cluster.state === 'FAILED') return undefined;
    if (!statuses.has(cluster.id))
      statuses.set(
        cluster.id,
        await (
          await providerFor(cluster)
        ).describeCluster({
          providerClusterId: cluster.providerClusterId,
        }),
      );
    return statuses.get(cluster.id);
  };
  const observations: Observations = {};
  const userCommand = userCommandOf(ctx.command);
  if (userCommand) observations.userCommand = userCommand;

  if (ctx.rollout.strategy === 'IN_PLACE') {
    const status = await describe(oldCluster);
    if (status) {
      observations.primary = versionObservation(status);
      observations.inPlace = { replacedReplicaIds: status.replacedReplicaIds };
    }
    return { observations, statuses };
  }

  if (newCluster?.state === 'FAILED') {
    observations.provision = {
      status: 'failed',
      reason: newCluster.failureReason ?? 'provisioning failed',
    };
  } else {
    const status = await describe(newCluster);
    if (status?.state === 'FAILED')
      observations.provision = {
        status: 'failed',
        reason: status.failureReason ?? 'the cluster failed',
      };
    else if (status?.state === 'RUNNING') {
      observations.provision = { status: 'ok' };
      observations.canary = versionObservation(status);
    }
  }
  const primary = await describe(oldCluster);
  if (primary) observations.primary = versionObservation(primary);
  return { observations, statuses };
}

/**
 * The rows of clusters the provider now reports RUNNING while Postgres still says PROVISIONING:
 * written with the tick (once per cluster), so the row says what the cloud says.
 */
export function runningFacts(
  ctx: RolloutContext,
  statuses: Map<string, ClusterStatus>,
): ClusterFact[] {
  return ctx.clusters
    .filter((c) => c.state === 'PROVISIONING' && statuses.get(c.id)?.state === 'RUNNING')
    .map((c) => ({ id: c.id, state: 'RUNNING' as const }));
}
