import { ProviderError, type ClusterHandle } from '@switchyard/cloud-providers';
import type { Cluster, Db } from '@switchyard/db';
import type { Command, RolloutEvent, TrafficSplit } from '@switchyard/rollout';
import { toApplicationRuntimeSpecs, type ServiceConfig } from '@switchyard/service-config';
import type { ProviderFor } from '../providers/provider-registry';
import { insertClusterRow } from './cluster-row';
import { clusterSpecFor } from './cluster-spec';
import { clustersOf, type RolloutContext } from './rollout-context';

/**
 * A fact about a cluster learnt from the provider during the tick (its provider id, that it
 * failed or was terminated). Written with the tick's statement but *not* under its optimistic
 * lock: it is true whatever becomes of the tick (see `persistTick`).
 */
export interface ClusterFact {
  id: string;
  providerClusterId?: string;
  /** RUNNING moves only a PROVISIONING row (a later fact or tick may have ended it). */
  state?: 'RUNNING' | 'FAILED' | 'TERMINATED';
  failureReason?: string;
  terminatedAt?: Date;
}

/** What executing the commands leaves to be written in the tick's transaction. */
export interface Effects {
  events: RolloutEvent[];
  /** `undefined`: unchanged; `null`: routing cleared. */
  weights: TrafficSplit | null | undefined;
  clusterFacts: ClusterFact[];
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
 * cluster nobody knows about. What the provider answers (the cluster's provider id, a
 * non-retryable failure, a termination) is a ClusterFact written by the tick's one statement,
 * not a round trip of its own: a crash before that statement costs a replayed provider call,
 * which the key makes a no-op. Retryable provider errors propagate (the job is retried); a
 * non-retryable one on provisioning is recorded on the row, and the next tick reports it to
 * the machine as a failed provisioning (which rolls back with that reason).
 */
export async function executeCommands(
  db: Db,
  ctx: RolloutContext,
  commands: Command[],
  providerFor: ProviderFor,
): Promise<Effects> {
  const effects: Effects = { events: [], weights: undefined, clusterFacts: [] };
  let { newCluster, oldCluster } = clustersOf(ctx);
  const clusterFor = (versionId: string) =>
    versionId === ctx.rollout.toVersionId ? newCluster : oldCluster;

  for (const command of commands) {
    switch (command.kind) {
      case 'provisionCluster': {
        const { cluster, fact } = await provision(
          db,
          ctx,
          command.key,
          command.targets,
          providerFor,
        );
        newCluster = cluster;
        if (fact) effects.clusterFacts.push(fact);
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
          effects.clusterFacts.push({
            id: cluster.id,
            state: 'TERMINATED',
            terminatedAt: new Date(),
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
): Promise<{ cluster: Cluster; fact?: ClusterFact }> {
  const version = ctx.rollout.toVersion;
  // The cluster row first, keyed by the command's idempotency key: a retried tick finds the
  // row its earlier attempt wrote (and the provider its cluster, by the same key).
  const created = await insertClusterRow(db, {
    orgId: ctx.rollout.orgId,
    serviceVersionId: version.id,
    cloudId: version.cloudId,
    provider: version.cloud.provider,
    idempotencyKey: key,
    rolloutId: ctx.rollout.id,
    createdAt: new Date(),
  });
  const row = created ?? (await db.cluster.findUniqueOrThrow({ where: { idempotencyKey: key } }));
  if (row.state === 'FAILED' || row.providerClusterId) return { cluster: row };
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
    const fact = { id: row.id, providerClusterId: handle.providerClusterId };
    return { cluster: { ...row, ...fact }, fact };
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) {
      const fact = {
        id: row.id,
        state: 'FAILED' as const,
        failureReason: `${error.kind}: ${error.message}`,
      };
      return { cluster: { ...row, ...fact }, fact };
    }
    throw error;
  }
}
