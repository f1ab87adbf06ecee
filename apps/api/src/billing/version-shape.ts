import type { ComputeShape, VersionShape } from '@switchyard/billing';
import type { ComputeConfig } from '@switchyard/db';
import { CONFIG_DEFAULTS, type ServiceConfig } from '@switchyard/service-config';

type HeadNode = { instance_type: string };
type WorkerGroup = {
  name: string;
  instance_type: string;
  gpu_type?: string | null;
  gpu_count?: number;
  min_nodes?: number;
  max_nodes: number;
};

/** The compute a version runs on: its stored compute config, else the config's inline one. */
function computeShapeOf(config: ServiceConfig, stored: ComputeConfig | null): ComputeShape | null {
  const inline = typeof config.compute_config === 'object' ? config.compute_config : null;
  const head = (stored?.headNode ?? inline?.head_node) as HeadNode | undefined;
  const groups = (stored?.workerGroups ?? inline?.worker_groups ?? []) as WorkerGroup[];
  if (!head) return null;
  return {
    headNode: { instanceType: head.instance_type },
    workerGroups: groups.map((g) => ({
      name: g.name,
      instanceType: g.instance_type,
      gpuType: g.gpu_type ?? null,
      gpuCount: g.gpu_count ?? 0,
      minNodes: g.min_nodes ?? 0,
      maxNodes: g.max_nodes,
    })),
  };
}

/**
 * A version as billing prices it: its compute and, per deployment, the replicas it runs at full
 * capacity — static `num_replicas`, or an autoscaling deployment's initial count (at least its
 * minimum), which is what providers start and what the engine holds as the floor during a
 * rollout — and the GPUs each replica asks for.
 */
export function versionShapeOf(config: ServiceConfig, stored: ComputeConfig | null): VersionShape {
  return {
    compute: computeShapeOf(config, stored),
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
