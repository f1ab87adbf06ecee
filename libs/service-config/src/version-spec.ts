/** What the rollout engine needs from a config: replica shapes and rollout timings. */
import type {
  ReplicaSpec,
  RolloutTimingInput,
  ScheduleStep,
  VersionSpec,
} from '@switchyard/rollout';
import { CONFIG_DEFAULTS } from './defaults';
import type { DeploymentConfig, ServiceConfig } from './schema';

/** Deployments of every application, in config order, named as in the config. */
export function toVersionSpec(config: ServiceConfig, versionId: string): VersionSpec {
  return {
    versionId,
    deployments: config.applications.flatMap((app) =>
      app.deployments.map((d) => ({
        application: app.name,
        deployment: d.name,
        replicas: replicaSpec(d),
      })),
    ),
  };
}

function replicaSpec(deployment: DeploymentConfig): ReplicaSpec {
  const a = deployment.autoscaling_config;
  if (a) {
    return {
      kind: 'autoscaling',
      minReplicas: a.min_replicas,
      initialReplicas: a.initial_replicas,
      maxReplicas: a.max_replicas,
    };
  }
  return { kind: 'static', numReplicas: deployment.num_replicas ?? CONFIG_DEFAULTS.num_replicas };
}

export interface RolloutSettings {
  timing: Required<Pick<RolloutTimingInput, 'timeoutS' | 'healthFailureThreshold' | 'drainS'>>;
  /** Undefined: the engine's default schedule. `canary_percent` (manual) is a deploy option. */
  steps: ScheduleStep[] | undefined;
}

/** The config's `rollout` block in the engine's camelCase plan vocabulary. */
export function toRolloutSettings(config: ServiceConfig): RolloutSettings {
  const r = config.rollout;
  return {
    timing: {
      timeoutS: r.timeout_s,
      healthFailureThreshold: r.health_failure_threshold,
      drainS: r.drain_s,
    },
    steps: r.schedule?.map((s) => ({ percent: s.percent, holdS: s.hold_s })),
  };
}
