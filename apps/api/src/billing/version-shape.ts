import type { VersionShape } from '@switchyard/billing';
import type { ComputeConfig } from '@switchyard/db';
import { CONFIG_DEFAULTS, toComputeSpec, type ServiceConfig } from '@switchyard/service-config';

/**
 * A version as billing prices it: its compute and, per deployment, the replicas it runs at full
 * capacity — static `num_replicas`, or an autoscaling deployment's initial count (at least its
 * minimum), which is what providers start and what the engine holds as the floor during a
 * rollout — and the GPUs each replica asks for.
 */
export function versionShapeOf(config: ServiceConfig, stored: ComputeConfig | null): VersionShape {
  return {
    compute: toComputeSpec(config, stored),
    deployments: config.applications.flatMap((app) =>
      app.deployments.map((d) => {
        const a = d.autoscaling_config;
        const replicas = a
          ? Math.min(a.max_replicas, Math.max(a.initial_replicas ?? a.min_replicas, a.min_replicas))
          : (d.num_replicas ?? CONFIG_DEFAULTS.num_replicas);
        return { replicas, gpus: d.ray_actor_options.num_gpus ?? 0 };
      }),
    ),
  };
}
