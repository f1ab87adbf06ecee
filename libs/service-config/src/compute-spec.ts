/** The compute a version runs on, in the port's terms (`ComputeSpec`): what providers launch and billing prices. */
import type { ComputeSpec } from '@switchyard/cloud-providers';
import type { ServiceConfig } from './schema';

type HeadNode = { instance_type: string };
type WorkerGroup = {
  name: string;
  instance_type: string;
  gpu_type?: string | null;
  gpu_count?: number;
  min_nodes?: number;
  max_nodes: number;
};

/** A stored compute config's JSON columns (validated when it was created). */
export interface StoredCompute {
  headNode: unknown;
  workerGroups: unknown;
}

/**
 * The version's stored compute config (the one it named, at the version it was deployed with),
 * else the config's inline `compute_config`; null for clouds without nodes (local, sim).
 */
export function toComputeSpec(
  config: ServiceConfig,
  stored: StoredCompute | null,
): ComputeSpec | null {
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
