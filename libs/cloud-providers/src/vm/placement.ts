/**
 * Where replicas run. Every worker node runs exactly one replica (one container, one published
 * port), so a worker group's node count is the number of replicas placed on it, at most its
 * `max_nodes`. GPU deployments go to the first group with GPUs, the others to the first group
 * without (else the first group); without a compute config, one default group of the provider's
 * default instance type. The head node runs no replica.
 */
import { ProviderError, type ApplicationRuntimeSpec, type ComputeSpec } from '../port';
import type { ReplicaAssignment, WorkerGroupSpec } from './model';

export const DEFAULT_GROUP_NAME = 'default';
const DEFAULT_MAX_NODES = 1000;

/** The compute config with a head node and at least one worker group. */
export function resolveCompute(
  compute: ComputeSpec | null,
  defaultInstanceType: string,
): ComputeSpec {
  const headNode = compute?.headNode ?? { instanceType: defaultInstanceType };
  const workerGroups =
    compute && compute.workerGroups.length > 0
      ? compute.workerGroups
      : [defaultGroup(headNode.instanceType)];
  return { headNode, workerGroups };
}

function defaultGroup(instanceType: string): WorkerGroupSpec {
  return {
    name: DEFAULT_GROUP_NAME,
    instanceType,
    gpuType: null,
    gpuCount: 0,
    minNodes: 0,
    maxNodes: DEFAULT_MAX_NODES,
  };
}

function gpusOf(applications: ApplicationRuntimeSpec[], replica: ReplicaAssignment): number {
  const app = applications.find((a) => a.name === replica.application);
  return app?.deployments.find((d) => d.name === replica.deployment)?.resources.gpus ?? 0;
}

/** The worker group a deployment's replicas run in. */
export function groupFor(
  compute: ComputeSpec,
  applications: ApplicationRuntimeSpec[],
  replica: ReplicaAssignment,
): WorkerGroupSpec {
  const gpus = gpusOf(applications, replica);
  if (gpus > 0) {
    const gpuGroup = compute.workerGroups.find((g) => g.gpuCount > 0);
    if (!gpuGroup) {
      throw new ProviderError(
        'invalid_request',
        `${replica.application}/${replica.deployment} asks for ${gpus} GPU(s) but no worker group of the compute config has GPUs: add a group with a GPU instance type`,
      );
    }
    if (gpuGroup.gpuCount < gpus) {
      throw new ProviderError(
        'invalid_request',
        `${replica.application}/${replica.deployment} asks for ${gpus} GPUs per replica but worker group "${gpuGroup.name}" has ${gpuGroup.gpuCount} per node`,
      );
    }
    return gpuGroup;
  }
  return compute.workerGroups.find((g) => g.gpuCount === 0) ?? compute.workerGroups[0]!;
}

/** Refuses a plan that needs more nodes in a group than its `max_nodes`. */
export function checkGroupSizes(compute: ComputeSpec, nodesPerGroup: Map<string, number>): void {
  for (const group of compute.workerGroups) {
    const needed = nodesPerGroup.get(group.name) ?? 0;
    if (needed > group.maxNodes) {
      throw new ProviderError(
        'invalid_request',
        `worker group "${group.name}" allows at most ${group.maxNodes} nodes (max_nodes) but its replicas need ${needed} (each replica runs on a node of its own): raise max_nodes in the compute config or lower the replica counts`,
      );
    }
  }
}
