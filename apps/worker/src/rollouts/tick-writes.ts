import { isDeepStrictEqual } from 'node:util';
import type { ClusterStatus } from '@switchyard/cloud-providers';
import type {
  Prisma,
  RolloutState,
  ServiceState,
  ServiceVersion,
  VersionState,
} from '@switchyard/db';
import type { Observations, RolloutEvent, RolloutMachineState } from '@switchyard/rollout';
import type { ClusterFact, Effects } from './execute';
import { clustersOf, type RolloutContext } from './rollout-context';
import {
  newVersionStateOf,
  oldVersionStateOf,
  rolloutStateOf,
  serviceStateOf,
  TERMINAL,
} from './states';

/** What status pages show of a version: health and desired/ready replicas, plus replica ids for in-place updates. */
export function observedSummary(
  status: ClusterStatus | undefined,
  previous: ServiceVersion['observed'],
): Prisma.InputJsonValue {
  if (!status) return previous as Prisma.InputJsonValue;
  return {
    healthy: status.healthy,
    deployments: status.deployments.map((d) => ({
      application: d.application,
      deployment: d.deployment,
      desired: d.desiredReplicas,
      ready: d.readyReplicas,
    })),
    replicas: status.deployments.flatMap((d) =>
      d.replicas.map((r) => ({
        application: d.application,
        deployment: d.deployment,
        replicaId: r.replicaId,
        endpoint: r.endpoint,
        ready: r.ready,
        draining: r.draining,
      })),
    ),
  };
}

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
  if (
    args.changed ||
    // A service marked SYSTEM_FAILURE by failed ticks gets its state back from the first one
    // that gets through, even if that tick itself changes nothing.
    args.ctx.rollout.service.state === 'SYSTEM_FAILURE' ||
    args.effects.events.length > 0 ||
    args.effects.weights !== undefined ||
    args.effects.clusterFacts.length > 0 ||
    args.observations.userCommand
  )
    return false;
  const { newCluster, oldCluster } = clustersOf(args.ctx);
  const same = (cluster: typeof newCluster, stored: ServiceVersion['observed']) =>
    !cluster ||
    !args.statuses.has(cluster.id) ||
    // Deep equality, not JSON text: Postgres jsonb does not keep the key order it was given.
    isDeepStrictEqual(observedSummary(args.statuses.get(cluster.id), stored), stored);
  const { rollout } = args.ctx;
  return (
    same(newCluster, rollout.toVersion.observed) &&
    (!rollout.fromVersion || same(oldCluster, rollout.fromVersion.observed))
  );
}

export interface VersionWrite {
  id: string;
  state: VersionState;
  currentWeight: number;
  targetWeight: number;
  observed: Prisma.InputJsonValue;
}

/** Every row one tick writes, as plain values (see `persistTick` for the statement). */
export interface TickWrites {
  rollout: {
    id: string;
    orgId: string;
    /** The optimistic lock: the row is written only if its version is still this one. */
    expectedVersion: number;
    machine: RolloutMachineState;
    state: RolloutState;
    step: number;
    reason: string | null;
    finishedAt: Date | null;
  };
  events: RolloutEvent[];
  /** The user command this tick consumed, if any. */
  consumedCommandId: string | null;
  toVersion: VersionWrite;
  fromVersion: VersionWrite | null;
  /** In-place success: the one cluster now runs the new version. */
  moveClusterId: string | null;
  /** Written even if the tick turns out stale: they record what the provider did. */
  clusterFacts: ClusterFact[];
  service: {
    id: string;
    state: ServiceState;
    /** Set the new version as primary (and clear the canary). */
    promote: boolean;
    clearCanary: boolean;
  };
  now: Date;
}

/**
 * What one tick writes: the machine state, its events, the consumed user command, both
 * versions' weights/states/observations and the service's state and pointers. Pure: the
 * statement that writes it is in `persist.ts`.
 */
export function tickWrites(args: {
  ctx: RolloutContext;
  machine: RolloutMachineState;
  observations: Observations;
  statuses: Map<string, ClusterStatus>;
  effects: Effects;
  now: Date;
}): TickWrites {
  const { ctx, machine, effects, now, observations } = args;
  const { rollout } = ctx;
  const state = rolloutStateOf(machine);
  const terminal = TERMINAL.has(state);
  const { newCluster, oldCluster } = clustersOf(ctx);
  const weights = effects.weights === null ? { primary: 0, canary: 0 } : machine.traffic;
  const target = { canary: machine.goalPercent, primary: 100 - machine.goalPercent };
  const inPlace = rollout.strategy === 'IN_PLACE';

  const toVersion: VersionWrite = {
    id: rollout.toVersionId,
    state: newVersionStateOf(
      machine,
      observations.canary ?? (inPlace ? observations.primary : undefined),
    ),
    currentWeight: inPlace ? (state === 'SUCCEEDED' ? 100 : 0) : weights.canary,
    targetWeight: inPlace ? 100 : terminal && state !== 'SUCCEEDED' ? 0 : target.canary,
    observed: observedSummary(
      newCluster && args.statuses.get(newCluster.id),
      rollout.toVersion.observed,
    ),
  };
  let fromVersion: VersionWrite | null = null;
  if (rollout.fromVersionId && rollout.fromVersion) {
    const oldState =
      inPlace && state === 'SUCCEEDED'
        ? 'TERMINATED'
        : oldVersionStateOf(machine, observations.primary);
    fromVersion = {
      id: rollout.fromVersionId,
      state: inPlace && !terminal ? 'RUNNING' : oldState,
      currentWeight: inPlace ? (state === 'SUCCEEDED' ? 0 : 100) : weights.primary,
      targetWeight: inPlace
        ? 0
        : terminal
          ? state === 'SUCCEEDED' || state === 'CANCELLED'
            ? 0
            : 100
          : target.primary,
      observed: observedSummary(
        oldCluster && args.statuses.get(oldCluster.id),
        rollout.fromVersion.observed,
      ),
    };
  }

  return {
    rollout: {
      id: rollout.id,
      orgId: rollout.orgId,
      expectedVersion: rollout.version,
      machine,
      state,
      step: machine.seq,
      reason: machine.outcomeReason,
      finishedAt: terminal ? now : null,
    },
    events:
      rollout.service.state === 'SYSTEM_FAILURE'
        ? [recoveredEvent(rollout.state, now), ...effects.events]
        : effects.events,
    consumedCommandId: ctx.command && observations.userCommand ? ctx.command.id : null,
    toVersion,
    fromVersion,
    moveClusterId: inPlace && state === 'SUCCEEDED' && oldCluster ? oldCluster.id : null,
    clusterFacts: effects.clusterFacts,
    service: {
      id: rollout.serviceId,
      state:
        rollout.service.state === 'TERMINATING' && !terminal
          ? 'TERMINATING'
          : serviceStateOf(machine, rollout.strategy),
      promote: state === 'SUCCEEDED',
      clearCanary:
        state === 'SUCCEEDED' ||
        state === 'ROLLED_BACK' ||
        state === 'FAILED' ||
        state === 'CANCELLED',
    },
    now,
  };
}

/** The timeline entry of the first tick that got through after a SYSTEM_FAILURE. */
function recoveredEvent(state: RolloutState, now: Date): RolloutEvent {
  return {
    type: 'SYSTEM_RECOVERED',
    reason: 'ticks succeed again: the rollout resumes',
    fromState: state,
    toState: state,
    at: now.getTime(),
  };
}
