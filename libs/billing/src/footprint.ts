import type { NodePriceInput } from './price-catalog';

/** A compute config as billing needs it (the provider's ComputeSpec, restated to stay pure). */
export interface ComputeShape {
  headNode: { instanceType: string };
  workerGroups: readonly {
    name: string;
    instanceType: string;
    gpuType: string | null;
    gpuCount: number;
    minNodes: number;
    maxNodes: number;
  }[];
}

/** How many replicas of a deployment run, and what each needs. */
export interface DeploymentLoad {
  replicas: number;
  gpus: number;
}

export interface NodeCount extends NodePriceInput {
  role: 'HEAD' | 'WORKER';
  count: number;
}

/** Replicas per node for deployments without GPUs (the providers' packing rule). */
export const DEFAULT_REPLICAS_PER_NODE = 4;

/**
 * The nodes a cluster runs for given replica counts — the packing rule every provider follows
 * (and the sim implements): one head node; GPU deployments go to the first worker group with
 * GPUs, `floor(group GPUs / replica GPUs)` replicas per node; the others to the first group,
 * `replicasPerNode` per node; each group gets `clamp(ceil(Σ replicas / per node), min, max)`
 * nodes. A group with no replicas still runs its `minNodes`.
 *
 * Example: groups cpu (m6i.xlarge, 1..10) and gpu (g5.12xlarge, 4 GPUs, 0..3); 9 CPU replicas
 * and 3 one-GPU replicas → 1 head + 3 cpu nodes (9 / 4 → 3) + 1 gpu node (3 / 4 → 1).
 */
export function nodesFor(
  compute: ComputeShape,
  deployments: readonly DeploymentLoad[],
  replicasPerNode = DEFAULT_REPLICAS_PER_NODE,
): NodeCount[] {
  const head: NodeCount = {
    role: 'HEAD',
    instanceType: compute.headNode.instanceType,
    gpuType: null,
    gpuCount: 0,
    count: 1,
  };
  const gpuGroup = compute.workerGroups.findIndex((g) => g.gpuCount > 0);
  const nodesNeeded = compute.workerGroups.map(() => 0);
  const cpuReplicas = compute.workerGroups.map(() => 0);
  for (const d of deployments) {
    if (d.gpus > 0 && gpuGroup >= 0) {
      const perNode = Math.max(1, Math.floor(compute.workerGroups[gpuGroup]!.gpuCount / d.gpus));
      nodesNeeded[gpuGroup]! += d.replicas / perNode;
    } else if (compute.workerGroups.length > 0) {
      cpuReplicas[0]! += d.replicas;
    }
  }
  if (compute.workerGroups.length > 0)
    nodesNeeded[0]! += cpuReplicas[0]! / Math.max(1, replicasPerNode);
  const workers = compute.workerGroups.map((g, i): NodeCount => ({
    role: 'WORKER',
    instanceType: g.instanceType,
    gpuType: g.gpuType,
    gpuCount: g.gpuCount,
    count: Math.min(g.maxNodes, Math.max(g.minNodes, Math.ceil(nodesNeeded[i]! - 1e-9))),
  }));
  return [head, ...workers.filter((w) => w.count > 0)];
}
