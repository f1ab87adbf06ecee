/**
 * Fluent test factory for plans:
 *   aPlan().withSurge(25).withDeployment('app', 'd', { replicas: 4 }).start(0)
 */
import { initialState } from '../decide';
import type {
  DeploymentSpec,
  InPlaceChangeInput,
  ReplicaSpec,
  RolloutPlanInput,
  RolloutTimingInput,
  ScheduleInput,
  ScheduleStep,
  VersionSpec,
} from '../plan-types';
import type { RolloutMachineState } from '../state';

export type ReplicaShape =
  { replicas: number } | { autoscaling: { min: number; initial: number; max: number } };

export function replicaSpec(shape: ReplicaShape): ReplicaSpec {
  if ('replicas' in shape) return { kind: 'static', numReplicas: shape.replicas };
  const { min, initial, max } = shape.autoscaling;
  return { kind: 'autoscaling', minReplicas: min, initialReplicas: initial, maxReplicas: max };
}

export class PlanBuilder {
  private strategy: RolloutPlanInput['strategy'] = 'CANARY';
  private rolloutId = 'ro-1';
  private canaryDeployments: DeploymentSpec[] = [];
  private primaryDeployments: DeploymentSpec[] | null = null;
  private schedule: ScheduleInput | undefined;
  private surge: number | undefined;
  private timing: RolloutTimingInput = {};
  private change: InPlaceChangeInput = { mode: 'light' };
  private inPlaceExtras: { canaryPercent?: number; maxSurgePercent?: number } = {};

  initial(): this {
    this.strategy = 'INITIAL';
    return this;
  }

  inPlace(change: InPlaceChangeInput = { mode: 'light' }): this {
    this.strategy = 'IN_PLACE';
    this.change = change;
    return this;
  }

  withRolloutId(id: string): this {
    this.rolloutId = id;
    return this;
  }

  /** Adds a deployment to the canary, and to the primary unless `withPrimaryDeployment` is used. */
  withDeployment(application: string, deployment: string, shape: ReplicaShape): this {
    this.canaryDeployments.push({ application, deployment, replicas: replicaSpec(shape) });
    return this;
  }

  withPrimaryDeployment(application: string, deployment: string, shape: ReplicaShape): this {
    this.primaryDeployments ??= [];
    this.primaryDeployments.push({ application, deployment, replicas: replicaSpec(shape) });
    return this;
  }

  withSurge(percent: number): this {
    this.surge = percent;
    return this;
  }

  withSchedule(steps: ScheduleStep[]): this {
    this.schedule = { kind: 'automatic', steps };
    return this;
  }

  withHoldS(holdS: number): this {
    this.schedule = { kind: 'automatic', holdS };
    return this;
  }

  manual(canaryPercent: number): this {
    this.schedule = { kind: 'manual', canaryPercent };
    return this;
  }

  /** In-place only: options that must be refused. */
  withInPlaceOptions(options: { canaryPercent?: number; maxSurgePercent?: number }): this {
    this.inPlaceExtras = options;
    return this;
  }

  withTiming(timing: RolloutTimingInput): this {
    this.timing = { ...this.timing, ...timing };
    return this;
  }

  build(): RolloutPlanInput {
    const canaryDeployments =
      this.canaryDeployments.length > 0
        ? this.canaryDeployments
        : [{ application: 'app', deployment: 'model', replicas: replicaSpec({ replicas: 3 }) }];
    const canary: VersionSpec = { versionId: 'v2', deployments: canaryDeployments };
    const primary: VersionSpec = {
      versionId: 'v1',
      deployments: this.primaryDeployments ?? canaryDeployments,
    };
    const common = { rolloutId: this.rolloutId, ...this.timing };
    switch (this.strategy) {
      case 'INITIAL':
        return { strategy: 'INITIAL', canary: { ...canary, versionId: 'v1' }, ...common };
      case 'CANARY':
        return {
          strategy: 'CANARY',
          primary,
          canary,
          schedule: this.schedule,
          maxSurgePercent: this.surge,
          ...common,
        };
      case 'IN_PLACE':
        return {
          strategy: 'IN_PLACE',
          primary,
          canary,
          change: this.change,
          ...this.inPlaceExtras,
          ...common,
        };
      default: {
        const _exhaustive: never = this.strategy;
        return _exhaustive;
      }
    }
  }

  start(now = 0): RolloutMachineState {
    return initialState(this.build(), now);
  }
}

export function aPlan(): PlanBuilder {
  return new PlanBuilder();
}
