import type { ClusterStatus } from '@switchyard/cloud-providers';
import type { Db, Prisma, ServiceVersion } from '@switchyard/db';
import type { Observations, RolloutMachineState } from '@switchyard/rollout';
import type { Effects } from './execute';
import { clustersOf, type RolloutContext } from './rollout-context';
import { newVersionStateOf, oldVersionStateOf, rolloutStateOf, serviceStateOf, TERMINAL } from './states';

export class StaleTickError extends Error {
  constructor(rolloutId: string) {
    super(`rollout ${rolloutId} changed under this tick (optimistic version check failed)`);
    this.name = 'StaleTickError';
  }
}

/** What status pages show of a version: health and desired/ready replicas, plus replica ids for in-place updates. */
export function observedSummary(status: ClusterStatus | undefined, previous: ServiceVersion['observed']): Prisma.InputJsonValue {
  if (!status) return previous as Prisma.InputJsonValue;
  return {
    healthy: status.healthy,
    deployments: status.deployments.map((d) => ({ application: d.application, deployment: d.deployment, desired: d.desiredReplicas, ready: d.readyReplicas })),
    replicas: status.deployments.flatMap((d) =>
      d.replicas.map((r) => ({ application: d.application, deployment: d.deployment, replicaId: r.replicaId, endpoint: r.endpoint, ready: r.ready, draining: r.draining })),
    ),
  };
}

/**
 * Writes one tick's outcome in one transaction: the machine state (guarded by the optimistic
 * `version` column — a tick that lost a race writes nothing), its events, the consumed user
 * command, both versions' weights/states/observations and the service's state and pointers.
 */
/**
 * A tick that changed nothing — same machine state, no events, no command consumed, the same
 * observations as stored — writes nothing: most ticks are waits (holds, start-up, drain), and
 * skipping their transaction is what keeps a thousand concurrent rollouts cheap.
 */
export function tickChangesNothing(args: {
  ctx: RolloutContext;
  changed: boolean;
  observations: Observations;
  statuses: Map<string, ClusterStatus>;
  effects: Effects;
}): boolean {
  if (args.changed || args.effects.events.length > 0 || args.effects.weights !== undefined || args.observations.userCommand) return false;
  const { newCluster, oldCluster } = clustersOf(args.ctx);
  const same = (cluster: typeof newCluster, stored: ServiceVersion['observed']) =>
    !cluster || !args.statuses.has(cluster.id) || JSON.stringify(observedSummary(args.statuses.get(cluster.id), stored)) === JSON.stringify(stored);
  const { rollout } = args.ctx;
  return same(newCluster, rollout.toVersion.observed) && (!rollout.fromVersion || same(oldCluster, rollout.fromVersion.observed));
}

export async function persistTick(args: {
  db: Db;
  ctx: RolloutContext;
  machine: RolloutMachineState;
  observations: Observations;
  statuses: Map<string, ClusterStatus>;
  effects: Effects;
  now: Date;
}): Promise<void> {
  const { db, ctx, machine, effects, now } = args;
  const { rollout } = ctx;
  const state = rolloutStateOf(machine);
  const terminal = TERMINAL.has(state);
  const { newCluster, oldCluster } = clustersOf(ctx);

  await db.$transaction(async (tx) => {
    const updated = await tx.rollout.updateMany({
      where: { id: rollout.id, version: rollout.version },
      data: {
        machine: machine as unknown as Prisma.InputJsonValue,
        state,
        step: machine.seq,
        version: { increment: 1 },
        reason: machine.outcomeReason,
        finishedAt: terminal ? now : null,
      },
    });
    if (updated.count === 0) throw new StaleTickError(rollout.id);

    if (effects.events.length > 0) {
      const last = await tx.rolloutEvent.aggregate({ where: { rolloutId: rollout.id }, _max: { seq: true } });
      const first = (last._max.seq ?? 0) + 1;
      await tx.rolloutEvent.createMany({
        data: effects.events.map((event, i) => ({
          orgId: rollout.orgId,
          rolloutId: rollout.id,
          seq: first + i,
          type: event.type,
          fromState: event.fromState,
          toState: event.toState,
          reason: event.reason,
          createdAt: new Date(event.at),
        })),
      });
    }
    if (ctx.command && args.observations.userCommand) {
      await tx.rolloutCommand.update({ where: { id: ctx.command.id }, data: { consumedAt: now } });
    }

    const weights = effects.weights === null ? { primary: 0, canary: 0 } : machine.traffic;
    const target = { canary: machine.goalPercent, primary: 100 - machine.goalPercent };
    const inPlace = rollout.strategy === 'IN_PLACE';
    await tx.serviceVersion.update({
      where: { id: rollout.toVersionId },
      data: {
        state: newVersionStateOf(machine, args.observations.canary ?? (inPlace ? args.observations.primary : undefined)),
        currentWeight: inPlace ? (state === 'SUCCEEDED' ? 100 : 0) : weights.canary,
        targetWeight: inPlace ? 100 : terminal && state !== 'SUCCEEDED' ? 0 : target.canary,
        observed: observedSummary(newCluster && args.statuses.get(newCluster.id), rollout.toVersion.observed),
      },
    });
    if (rollout.fromVersionId && rollout.fromVersion) {
      const oldState = inPlace && state === 'SUCCEEDED' ? 'TERMINATED' : oldVersionStateOf(machine, args.observations.primary);
      await tx.serviceVersion.update({
        where: { id: rollout.fromVersionId },
        data: {
          state: inPlace && !terminal ? 'RUNNING' : oldState,
          currentWeight: inPlace ? (state === 'SUCCEEDED' ? 0 : 100) : weights.primary,
          targetWeight: inPlace ? 0 : terminal ? (state === 'SUCCEEDED' || state === 'CANCELLED' ? 0 : 100) : target.primary,
          observed: observedSummary(oldCluster && args.statuses.get(oldCluster.id), rollout.fromVersion.observed),
        },
      });
    }
    if (inPlace && state === 'SUCCEEDED' && oldCluster) {
      // The one cluster now runs the new version.
      await tx.cluster.update({ where: { id: oldCluster.id }, data: { serviceVersionId: rollout.toVersionId } });
    }

    const serviceState = rollout.service.state === 'TERMINATING' && !terminal ? 'TERMINATING' : serviceStateOf(machine, rollout.strategy);
    const pointers: Prisma.ServiceUncheckedUpdateInput = {};
    if (state === 'SUCCEEDED') Object.assign(pointers, { primaryVersionId: rollout.toVersionId, canaryVersionId: null });
    if (state === 'ROLLED_BACK' || state === 'FAILED' || state === 'CANCELLED') pointers.canaryVersionId = null;
    await tx.service.update({ where: { id: rollout.serviceId }, data: { state: serviceState, ...pointers, routingRevision: { increment: 1 } } });
  });
}
