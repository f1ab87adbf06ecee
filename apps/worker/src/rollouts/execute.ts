import { ProviderError, type ClusterHandle } from '@switchyard/cloud-providers';
import type { Cluster, Db } from '@switchyard/db';
import type { Command, RolloutEvent, TrafficSplit } from '@switchyard/rollout';
import { toApplicationRuntimeSpecs, type ServiceConfig } from '@switchyard/service-config';
import type { ProviderFor } from '../providers/provider-registry';
import { clusterSpecFor } from './cluster-spec';
import { clustersOf, type RolloutContext } from './rollout-context';

/** What executing the commands leaves to be written in the tick's transaction. */
export interface Effects {
  events: RolloutEvent[];
  /** `undefined`: unchanged; `null`: routing cleared. */
  weights: TrafficSplit | null | undefined;
}

function handleOf(cluster: Cluster | undefined, what: string): ClusterHandle {
  if (!cluster?.providerClusterId) throw new Error(`no provider cluster for ${what}`);
  return { providerClusterId: cluster.providerClusterId };
}

/**
 * Runs the state machine's commands in order. Every provider call carries the command's key,
 * so replaying a tick that crashed half-way changes nothing the first attempt already did.
 *
 * A provisioning writes its Cluster row *before* calling the provider (keyed like the call):
 * the row is the record that the cluster may exist, so a crash between the two cannot leave a
 * cluster nobody knows about. Retryable provider errors propagate (the job is retried);
 * a non-retryable one on provisioning is recorded on the row, and the next tick reports it to
 * the machine as a failed provisioning (which rolls back with that reason).
 */
export async function executeCommands(
  db: Db,
  ctx: RolloutContext,
  commands: Command[],
  providerFor: ProviderFor,
): Promise<Effects> {
  const effects: Effects = { events: [], weights: undefined };
  let { newCluster, oldCluster } = clustersOf(ctx);
  const clusterFor = (versionId: string) =>
    versionId === ctx.rollout.toVersionId ? newCluster : oldCluster;

  for (const command of commands) {
    switch (command.kind) {
      case 'provisionCluster': {
        newCluster = await provision(db, ctx, command.key, command.targets, providerFor);
        break;
      }
      case 'setCapacity': {
        const cluster = clusterFor(command.version.versionId);
        await (
          await providerFor(cluster!)
        ).setCapacity(handleOf(cluster, 'setCapacity'), command.targets, command.key);
        break;
      }
      case 'setWeights':
        effects.weights = command.weights;
        break;
      case 'terminateCluster': {
        const cluster = clusterFor(command.version.versionId);
        if (cluster?.providerClusterId) {
          await (
            await providerFor(cluster!)
          ).terminateCluster(handleOf(cluster, 'terminateCluster'), command.key);
        }
        if (cluster) {
          await db.cluster.update({
            where: { id: cluster.id },
            data: { state: 'TERMINATED', terminatedAt: new Date() },
          });
          if (cluster === newCluster) newCluster = undefined;
          else oldCluster = undefined;
        }
        break;
      }
      case 'inPlaceUpdate': {
        const cluster = oldCluster;
        const config = ctx.rollout.toVersion.config as ServiceConfig;
        const applications = toApplicationRuntimeSpecs(config);
        const update =
          command.mode === 'light'
            ? { mode: 'light' as const, targets: command.targets, applications }
            : {
                mode: 'heavy' as const,
                replica: command.replica,
                applications,
                env: config.env_vars ?? {},
              };
        await (
          await providerFor(cluster!)
        ).updateInPlace(handleOf(cluster, 'inPlaceUpdate'), update, command.key);
        break;
      }
      case 'recordEvent':
        effects.events.push(command.event);
        break;
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return effects;
}

async function provision(
  db: Db,
  ctx: RolloutContext,
  key: string,
  targets: Parameters<typeof clusterSpecFor>[0]['targets'],
  providerFor: ProviderFor,
): Promise<Cluster> {
  const version = ctx.rollout.toVersion;
  // The cluster row first, keyed by the command's idempotency key: a retried tick finds the
  // row its earlier attempt wrote (and the provider its cluster, by the same key). One
  // INSERT … ON CONFLICT DO NOTHING RETURNING in the common case; Prisma's upsert would be a
  // four-statement transaction on this, the heaviest tick.
  const [created] = await db.cluster.createManyAndReturn({
    data: [
      {
        orgId: ctx.rollout.orgId,
        serviceVersionId: version.id,
        cloudId: version.cloudId,
        provider: version.cloud.provider,
        idempotencyKey: key,
        rolloutId: ctx.rollout.id,
      },
    ],
    skipDuplicates: true,
  });
  const row = created ?? (await db.cluster.findUniqueOrThrow({ where: { idempotencyKey: key } }));
  if (row.state === 'FAILED' || row.providerClusterId) return row;
  try {
    const handle = await (
      await providerFor(row)
    ).provisionCluster(
      clusterSpecFor({
        clusterKey: key,
        rolloutId: ctx.rollout.id,
        service: ctx.rollout.service,
        version,
        targets,
      }),
    );
    return await db.cluster.update({
      where: { id: row.id },
      data: { providerClusterId: handle.providerClusterId },
    });
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) {
      return db.cluster.update({
        where: { id: row.id },
        data: { state: 'FAILED', failureReason: `${error.kind}: ${error.message}` },
      });
    }
    throw error;
  }
}
