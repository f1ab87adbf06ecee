/**
 * From the worker's ClusterSpec to what nodes are launched from, refusing (as `invalid_request`,
 * which fails the rollout with the message as its reason) what no node could run.
 */
import type { DeploymentTarget } from '@switchyard/rollout';
import { formatCatalogIssues, validateComputeSpec, type CatalogProvider } from '../catalog';
import { ProviderError, type ApplicationRuntimeSpec, type ClusterSpec } from '../port';
import type { ClusterState, HealthProbeSpec, LaunchSpec } from './model';
import { checkGroupSizes, groupFor, resolveCompute } from './placement';
import { deploymentKey, desiredReplicas, isValidTarget } from './replica-targets';

export interface LaunchSpecOptions {
  catalog: CatalogProvider;
  defaultInstanceType: string;
  port: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IMAGE_URI = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

const invalid = (message: string) => new ProviderError('invalid_request', message);

export function launchSpecOf(spec: ClusterSpec, options: LaunchSpecOptions): LaunchSpec {
  const cloud = options.catalog === 'AWS' ? 'AWS' : 'GCP';
  if (spec.imageUri === null || spec.imageUri === '') {
    throw invalid(
      `${cloud} clusters run every replica from the version's container image: set image_uri in the service config`,
    );
  }
  if (!IMAGE_URI.test(spec.imageUri))
    throw invalid(`image_uri "${spec.imageUri}" is not a container image reference`);
  if (spec.compute) {
    const check = validateComputeSpec(options.catalog, spec.compute);
    if (!check.ok) throw invalid(`compute config: ${formatCatalogIssues(check.issues)}`);
  }
  const badEnv = Object.keys(spec.env).find((k) => !ENV_NAME.test(k));
  if (badEnv !== undefined)
    throw invalid(`env var name "${badEnv}" cannot be passed to a container`);
  const launch: LaunchSpec = {
    imageUri: spec.imageUri,
    env: { ...spec.env },
    applications: structuredClone(spec.applications),
    compute: resolveCompute(spec.compute, options.defaultInstanceType),
    port: options.port,
  };
  checkTargets(launch.applications, spec.targets);
  // Every deployment has a group, and the first targets fit the groups' max_nodes: refused
  // before anything is launched.
  const nodesPerGroup = new Map<string, number>();
  for (const app of launch.applications) {
    for (const d of app.deployments) {
      const replica = { application: app.name, deployment: d.name };
      const group = groupFor(launch.compute, launch.applications, replica);
      const target = spec.targets.find(
        (t) => t.application === app.name && t.deployment === d.name,
      );
      const replicas = target ? desiredReplicas(target.target) : 1;
      nodesPerGroup.set(group.name, (nodesPerGroup.get(group.name) ?? 0) + replicas);
    }
  }
  checkGroupSizes(launch.compute, nodesPerGroup);
  return launch;
}

export function checkTargets(
  applications: ApplicationRuntimeSpec[],
  targets: DeploymentTarget[],
): void {
  for (const t of targets) {
    const known = applications.some(
      (a) => a.name === t.application && a.deployments.some((d) => d.name === t.deployment),
    );
    if (!known) throw invalid(`no deployment ${t.application}/${t.deployment} in this cluster`);
    if (!isValidTarget(t.target))
      throw invalid(`bad replica target for ${t.application}/${t.deployment}`);
  }
}

/** Stable serialisation: what is stored on nodes, and what its hash is computed from. */
export function serializeLaunchSpec(spec: LaunchSpec): string {
  return JSON.stringify({
    imageUri: spec.imageUri,
    env: spec.env,
    applications: spec.applications,
    compute: spec.compute,
    port: spec.port,
  });
}

export function parseLaunchSpec(document: string): LaunchSpec {
  const parsed = JSON.parse(document) as Partial<LaunchSpec>;
  if (
    typeof parsed.imageUri !== 'string' ||
    !parsed.compute ||
    !Array.isArray(parsed.applications) ||
    typeof parsed.port !== 'number'
  ) {
    throw new ProviderError('internal', 'a node carries a launch spec this adapter cannot read');
  }
  return parsed as LaunchSpec;
}

export function healthOf(applications: ApplicationRuntimeSpec[]): Record<string, HealthProbeSpec> {
  return Object.fromEntries(
    applications.map((a) => [
      a.name,
      { path: a.healthCheck.path, timeoutS: a.healthCheck.timeoutS },
    ]),
  );
}

/** Every deployment gets a target: the one asked for, else one replica (as the sim does). */
export function initialClusterState(
  spec: ClusterSpec,
  launch: LaunchSpec,
  specHash: string,
): ClusterState {
  const targets: ClusterState['targets'] = {};
  for (const app of launch.applications)
    for (const d of app.deployments)
      targets[deploymentKey(app.name, d.name)] = { kind: 'static', replicas: 1 };
  for (const t of spec.targets)
    targets[deploymentKey(t.application, t.deployment)] = { ...t.target };
  return {
    targets,
    health: healthOf(launch.applications),
    appliedKeys: [],
    specHash,
    port: launch.port,
    failure: null,
    terminating: false,
  };
}
