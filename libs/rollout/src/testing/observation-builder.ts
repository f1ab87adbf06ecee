/**
 * Fluent test factory for observations:
 *   anObservation().provisioned().canaryReady(state).build()
 */
import type { Observations, UserCommand, VersionObservation } from '../observations';
import type { VersionSpec } from '../plan-types';
import { floorOf, targetsAt } from '../replicas';
import type { RolloutMachineState } from '../state';

/** A version whose every deployment has exactly the replicas `percent` of capacity requires. */
export function readyAt(version: VersionSpec, percent: number, healthy = true): VersionObservation {
  return {
    healthy,
    deployments: targetsAt(version, percent).map((t) => ({
      application: t.application,
      deployment: t.deployment,
      readyReplicas: floorOf(t.target),
    })),
  };
}

function primaryOf(state: RolloutMachineState): VersionSpec {
  if (state.plan.strategy === 'INITIAL') throw new Error('INITIAL has no primary');
  return state.plan.primary;
}

export class ObservationBuilder {
  private readonly observations: Observations = {};

  provisioned(): this {
    this.observations.provision = { status: 'ok' };
    return this;
  }

  provisionFailed(reason: string): this {
    this.observations.provision = { status: 'failed', reason };
    return this;
  }

  /** Canary healthy with the replicas its current (or given) capacity requires. */
  canaryReady(state: RolloutMachineState, percent = state.capacity.canary): this {
    this.observations.canary = readyAt(state.plan.canary, percent);
    return this;
  }

  canaryUnhealthy(state: RolloutMachineState): this {
    this.observations.canary = readyAt(state.plan.canary, state.capacity.canary, false);
    return this;
  }

  canary(observation: VersionObservation): this {
    this.observations.canary = observation;
    return this;
  }

  primaryReady(state: RolloutMachineState, percent = state.capacity.primary): this {
    this.observations.primary = readyAt(primaryOf(state), percent);
    return this;
  }

  primary(observation: VersionObservation): this {
    this.observations.primary = observation;
    return this;
  }

  replaced(...replicaIds: string[]): this {
    this.observations.inPlace = { replacedReplicaIds: replicaIds };
    return this;
  }

  command(command: UserCommand): this {
    this.observations.userCommand = command;
    return this;
  }

  build(): Observations {
    return structuredClone(this.observations);
  }
}

export function anObservation(): ObservationBuilder {
  return new ObservationBuilder();
}
