/** Small helpers shared by the local provider's process tests. */
import type { DeploymentTarget } from '@switchyard/rollout';
import { randomBytes } from 'node:crypto';
import type { ClusterSpec, ClusterStatus, CloudProvider, ClusterHandle } from '../../port';
import { fixtureCommand } from './rig';

export function localSpec(
  options: {
    command?: string;
    targets?: DeploymentTarget[];
    periodS?: number;
    env?: Record<string, string>;
    deployments?: string[];
  } = {},
): ClusterSpec {
  const run = randomBytes(4).toString('hex');
  const deployments = options.deployments ?? ['web'];
  return {
    clusterKey: `ro-${run}/ver-${run}`,
    labels: {
      orgId: `org-${run}`,
      projectId: `prj-${run}`,
      serviceId: `svc-${run}`,
      serviceName: `svc-${run}`,
      versionId: `ver-${run}`,
      versionName: 'v1',
      rolloutId: `ro-${run}`,
    },
    cloud: { provider: 'LOCAL', region: 'local', zone: null, settings: {}, credentials: null },
    compute: null,
    imageUri: null,
    env: options.env ?? {},
    applications: [
      {
        name: 'app',
        routePrefix: '/',
        command: options.command ?? fixtureCommand(),
        healthCheck: { path: '/healthz', periodS: options.periodS ?? 0.1, timeoutS: 1 },
        deployments: deployments.map((name) => ({ name, maxOngoingRequests: 5, resources: {} })),
      },
    ],
    targets:
      options.targets ??
      deployments.map((deployment) => ({
        application: 'app',
        deployment,
        target: { kind: 'static', replicas: 1 },
      })),
  };
}

export const staticTarget = (replicas: number, deployment = 'web'): DeploymentTarget => ({
  application: 'app',
  deployment,
  target: { kind: 'static', replicas },
});

export function readyEndpoints(status: ClusterStatus, deployment = 'web'): string[] {
  return (status.deployments.find((d) => d.deployment === deployment)?.replicas ?? [])
    .filter((r) => r.ready && !r.draining)
    .map((r) => r.endpoint);
}

/** describeCluster when `ok` holds, else undefined (for `eventually`). */
export function statusWhen(
  provider: CloudProvider,
  handle: ClusterHandle,
  ok: (s: ClusterStatus) => boolean,
) {
  return async () => {
    const s = await provider.describeCluster(handle);
    return ok(s) ? s : undefined;
  };
}

export async function getJson(endpoint: string, path = '/'): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}${path}`, { headers: { connection: 'close' } });
  return (await res.json()) as Record<string, unknown>;
}
