import { createHash } from 'node:crypto';
import { endpointSlugOf, type RoutingEntry, type RoutingVersion } from '@switchyard/routing';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface ReplicaSpec {
  id: string;
  endpoint: string;
  ready?: boolean;
  draining?: boolean;
}

export interface DeploymentSpec {
  application?: string;
  deployment?: string;
  routePrefix?: string;
  maxOngoingRequests?: number;
  replicas: ReplicaSpec[];
}

export interface VersionSpec {
  name: string;
  role?: 'primary' | 'canary';
  weight: number;
  /** Shorthand for one deployment on `/`. */
  replicas?: ReplicaSpec[];
  maxOngoingRequests?: number;
  deployments?: DeploymentSpec[];
}

export interface ServiceSpec {
  serviceId?: string;
  project?: string;
  service?: string;
  versions: VersionSpec[];
  /** Accepted tokens (hashed here); omitted or empty with `auth: false` means no auth. */
  tokens?: string[];
  auth?: boolean;
  requestTimeoutS?: number;
  stickyVersions?: boolean;
}

/** A valid routing entry from a compact description (revision filled in by the harness). */
export function serviceEntry(spec: ServiceSpec, revision: number): RoutingEntry {
  const project = spec.project ?? 'proj';
  const service = spec.service ?? 'svc';
  const versions: RoutingVersion[] = spec.versions.map((v, i) => ({
    versionId: `ver-${v.name}`,
    name: v.name,
    role: v.role ?? (i === 0 ? 'primary' : 'canary'),
    weight: v.weight,
    deployments: (v.deployments ?? [{ replicas: v.replicas ?? [] }]).map((d) => ({
      application: d.application ?? 'app',
      deployment: d.deployment ?? 'ingress',
      routePrefix: d.routePrefix ?? '/',
      maxOngoingRequests: d.maxOngoingRequests ?? v.maxOngoingRequests ?? 100,
      replicas: d.replicas.map((r) => ({
        replicaId: r.id,
        endpoint: r.endpoint,
        ready: r.ready ?? true,
        draining: r.draining ?? false,
      })),
    })),
  }));
  const tokens = spec.tokens ?? [];
  return {
    serviceId: spec.serviceId ?? `${project}-${service}`,
    orgId: 'org-test',
    project,
    service,
    endpointSlug: endpointSlugOf(project, service),
    auth: { enabled: spec.auth ?? tokens.length > 0, tokenHashes: tokens.map(sha256) },
    versions,
    revision,
    updatedAt: Date.now(),
    ...(spec.requestTimeoutS !== undefined ? { requestTimeoutS: spec.requestTimeoutS } : {}),
    ...(spec.stickyVersions !== undefined ? { stickyVersions: spec.stickyVersions } : {}),
  };
}
