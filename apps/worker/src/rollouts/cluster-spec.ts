import type { ClusterSpec, ComputeSpec } from '@switchyard/cloud-providers';
import type { Cloud, ComputeConfig, Project, Service, ServiceVersion } from '@switchyard/db';
import type { DeploymentTarget } from '@switchyard/rollout';
import { toApplicationRuntimeSpecs, type ServiceConfig } from '@switchyard/service-config';

type HeadNode = { instance_type: string };
type WorkerGroup = {
  name: string;
  instance_type: string;
  gpu_type?: string | null;
  gpu_count?: number;
  min_nodes?: number;
  max_nodes: number;
};

function computeSpecOf(config: ServiceConfig, stored: ComputeConfig | null): ComputeSpec | null {
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

/** Everything a provider needs to start one version's cluster. */
export function clusterSpecFor(args: {
  clusterKey: string;
  rolloutId: string;
  service: Service & { project: Pick<Project, 'name'> };
  version: ServiceVersion & { cloud: Cloud; computeConfig: ComputeConfig | null };
  targets: DeploymentTarget[];
}): ClusterSpec {
  const config = args.version.config as ServiceConfig;
  return {
    clusterKey: args.clusterKey,
    labels: {
      orgId: args.service.orgId,
      projectId: args.service.projectId,
      serviceId: args.service.id,
      serviceName: args.service.name,
      versionId: args.version.id,
      versionName: args.version.name,
      rolloutId: args.rolloutId,
    },
    cloud: {
      provider: args.version.cloud.provider,
      region: args.version.cloud.region,
      zone: args.version.cloud.zone,
      settings: args.version.cloud.settings as Record<string, unknown>,
      // Credentials are decrypted by the adapters that need them (aws, gcp); none here do.
      credentials: null,
    },
    compute: computeSpecOf(config, args.version.computeConfig),
    imageUri: config.image_uri ?? null,
    env: config.env_vars ?? {},
    applications: toApplicationRuntimeSpecs(config),
    targets: args.targets,
  };
}
