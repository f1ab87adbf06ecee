import { createHash } from 'node:crypto';
import type { RoutingEntry, RoutingVersion } from '../src';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function version(
  name: string,
  role: 'primary' | 'canary',
  weight: number,
  replicas = 2,
): RoutingVersion {
  return {
    versionId: `ver-${name}`,
    name,
    role,
    weight,
    deployments: [
      {
        application: 'app',
        deployment: 'model',
        routePrefix: '/',
        maxOngoingRequests: 5,
        replicas: Array.from({ length: replicas }, (_, i) => ({
          replicaId: `${name}-r${i}`,
          endpoint: `http://127.0.0.1:${9000 + i}`,
          ready: true,
          draining: false,
        })),
      },
    ],
  };
}

/** A valid entry; `canaryWeight` null means primary only. */
export function entry(
  serviceId: string,
  revision: number,
  canaryWeight: number | null = null,
  overrides: Partial<RoutingEntry> = {},
): RoutingEntry {
  const service = overrides.service ?? `svc-${serviceId}`;
  const project = overrides.project ?? 'proj';
  return {
    serviceId,
    orgId: 'org-1',
    project,
    service,
    endpointSlug: `${service}--${project}`,
    auth: { enabled: true, tokenHashes: [sha256(`token-${serviceId}`)] },
    versions:
      canaryWeight === null
        ? [version('v1', 'primary', 100)]
        : [version('v1', 'primary', 100 - canaryWeight), version('v2', 'canary', canaryWeight)],
    revision,
    updatedAt: 1_700_000_000_000 + revision,
    ...overrides,
  };
}
