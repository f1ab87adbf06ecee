import type { ClusterSpec } from '@switchyard/cloud-providers';
import type { Cloud, ComputeConfig, Project, Service, ServiceVersion } from '@switchyard/db';
import type { DeploymentTarget } from '@switchyard/rollout';
import {
  toApplicationRuntimeSpecs,
  toComputeSpec,
  type ServiceConfig,
} from '@switchyard/service-config';

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
    compute: toComputeSpec(config, args.version.computeConfig),
    imageUri: config.image_uri ?? null,
    env: config.env_vars ?? {},
    applications: toApplicationRuntimeSpecs(config),
    targets: args.targets,
  };
}
