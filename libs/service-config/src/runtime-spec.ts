/** What a cloud provider needs to start the applications of a version (`ApplicationRuntimeSpec`). */
import type { ApplicationRuntimeSpec, DeploymentRuntimeSpec } from '@switchyard/cloud-providers';
import type { ApplicationConfig, DeploymentConfig, ServiceConfig } from './schema';

/**
 * The port has one health check per application while Ray Serve has one per deployment: the
 * application's is its first deployment's, the ingress by convention (it receives the
 * route-prefix traffic, so it is what the gateway and provider probe).
 */
export function toApplicationRuntimeSpecs(config: ServiceConfig): ApplicationRuntimeSpec[] {
  return config.applications.map(applicationSpec);
}

function applicationSpec(app: ApplicationConfig): ApplicationRuntimeSpec {
  // The schema guarantees at least one deployment.
  const ingress = app.deployments[0] as DeploymentConfig;
  return {
    name: app.name,
    routePrefix: app.route_prefix,
    ...(app.command !== undefined ? { command: app.command } : {}),
    ...(app.import_path !== undefined ? { importPath: app.import_path } : {}),
    healthCheck: {
      path: ingress.health_check_path,
      periodS: ingress.health_check_period_s,
      timeoutS: ingress.health_check_timeout_s,
    },
    deployments: app.deployments.map(deploymentSpec),
  };
}

function deploymentSpec(d: DeploymentConfig): DeploymentRuntimeSpec {
  const o = d.ray_actor_options;
  return {
    name: d.name,
    maxOngoingRequests: d.max_ongoing_requests,
    resources: {
      ...(o.num_cpus !== undefined ? { cpus: o.num_cpus } : {}),
      ...(o.num_gpus !== undefined ? { gpus: o.num_gpus } : {}),
      ...(o.memory_mb !== undefined ? { memoryMb: o.memory_mb } : {}),
    },
  };
}

/**
 * Environment of one application's replicas: the service's `env_vars`, overridden by the
 * application's `runtime_env.env_vars`. `ApplicationRuntimeSpec` has no env of its own yet, so
 * providers that run applications separately (local) take it from here.
 */
export function applicationEnv(
  config: ServiceConfig,
  applicationName: string,
): Record<string, string> {
  const app = config.applications.find((a) => a.name === applicationName);
  return { ...config.env_vars, ...(app?.runtime_env.env_vars ?? {}) };
}
