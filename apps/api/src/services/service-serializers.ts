import type { Prisma, Project, Rollout, RolloutEvent, RolloutState, Service, ServiceVersion } from '@switchyard/db';

/** Rollout states after which nothing more happens. */
export const TERMINAL_STATES: RolloutState[] = ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'CANCELLED'];
import { iso, isoOrNull } from '../organizations/serializers';

/** What the worker last saw of a version (ServiceVersion.observed). */
export interface ObservedVersion {
  healthy?: boolean;
  deployments?: { application: string; deployment: string; desired: number; ready: number }[];
}

export function serializeVersion(v: ServiceVersion) {
  const observed = v.observed as ObservedVersion;
  return {
    id: v.id,
    name: v.name,
    state: v.state,
    target_weight: v.targetWeight,
    current_weight: v.currentWeight,
    healthy: observed.healthy ?? null,
    deployments: (observed.deployments ?? []).map((d) => ({
      application: d.application,
      deployment: d.deployment,
      desired_replicas: d.desired,
      ready_replicas: d.ready,
    })),
    created_at: iso(v.createdAt),
  };
}

export interface ServiceUrls {
  baseDomain: string;
  gatewayUrl: string;
}

export type ServiceWithRelations = Service & {
  project: Pick<Project, 'name'>;
  primary: ServiceVersion | null;
  canary: ServiceVersion | null;
  rollouts: Pick<Rollout, 'id'>[];
};

export function serializeService(s: ServiceWithRelations, urls: ServiceUrls) {
  return {
    id: s.id,
    name: s.name,
    project: s.project.name,
    state: s.state,
    query_url: `http://${s.endpointSlug}.${urls.baseDomain}/`,
    query_path_url: `${urls.gatewayUrl}/s/${s.project.name}/${s.name}/`,
    query_auth_enabled: s.queryAuthEnabled,
    query_token_rotating: s.previousQueryTokenHash !== null,
    primary: s.primary ? serializeVersion(s.primary) : null,
    canary: s.canary ? serializeVersion(s.canary) : null,
    active_rollout_id: s.rollouts[0]?.id ?? null,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export type RolloutWithVersions = Rollout & {
  service: Pick<Service, 'name'>;
  fromVersion: Pick<ServiceVersion, 'name'> | null;
  toVersion: Pick<ServiceVersion, 'name' | 'currentWeight'>;
};

export function serializeRollout(r: RolloutWithVersions) {
  return {
    id: r.id,
    service: r.service.name,
    strategy: r.strategy,
    state: r.state,
    from_version: r.fromVersion?.name ?? null,
    to_version: r.toVersion.name,
    canary_weight: r.toVersion.currentWeight,
    options: r.options as Record<string, unknown>,
    reason: r.reason,
    deadline: iso(r.deadline),
    created_at: iso(r.createdAt),
    finished_at: isoOrNull(r.finishedAt),
  };
}

export function serializeEvent(e: RolloutEvent) {
  return { seq: e.seq, type: e.type, from_state: e.fromState, to_state: e.toState, reason: e.reason, created_at: iso(e.createdAt) };
}

/** Prisma `include` for a service with what `serializeService` needs. */
export const serviceInclude = {
  project: { select: { name: true } },
  primary: true,
  canary: true,
  rollouts: {
    where: { state: { notIn: TERMINAL_STATES } },
    select: { id: true },
    take: 1,
  },
} satisfies Prisma.ServiceInclude;

export const rolloutInclude = {
  service: { select: { name: true } },
  fromVersion: { select: { name: true } },
  toVersion: { select: { name: true, currentWeight: true } },
} satisfies Prisma.RolloutInclude;
