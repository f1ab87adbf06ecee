import type { Db, ServiceVersion } from '@switchyard/db';
import { endpointSlugOf, type RoutingEntry, type RoutingVersion } from '@switchyard/routing';
import type { ServiceConfig } from '@switchyard/service-config';
import { gatewaySettingsOf } from './gateway-settings';

interface ObservedReplica {
  application: string;
  deployment: string;
  replicaId: string;
  endpoint: string;
  ready: boolean;
  draining: boolean;
}

function routingVersion(
  version: ServiceVersion,
  role: 'primary' | 'canary',
  weight: number,
): RoutingVersion {
  const config = version.config as ServiceConfig;
  const replicas = (version.observed as { replicas?: ObservedReplica[] }).replicas ?? [];
  return {
    versionId: version.id,
    name: version.name,
    role,
    weight,
    deployments: config.applications.flatMap((app) =>
      app.deployments.map((d) => ({
        application: app.name,
        deployment: d.name,
        routePrefix: app.route_prefix,
        maxOngoingRequests: d.max_ongoing_requests,
        replicas: replicas
          .filter((r) => r.application === app.name && r.deployment === d.name)
          .map((r) => ({
            replicaId: r.replicaId,
            endpoint: r.endpoint,
            ready: r.ready,
            draining: r.draining,
          })),
      })),
    ),
  };
}

/**
 * The gateways' view of one service, built from Postgres alone (the source of truth): the
 * versions carrying traffic with their weights, ready replica endpoints and the query-token
 * hashes. Before any version carries traffic (a first version still starting) the entry has
 * no versions and gateways answer 503.
 */
export async function routingEntryFor(
  db: Db,
  serviceId: string,
  now: number,
): Promise<RoutingEntry | null> {
  const service = await db.service.findUnique({
    where: { id: serviceId },
    include: { project: { select: { name: true } }, primary: true, canary: true },
  });
  if (!service || service.state === 'TERMINATED') return null;
  const candidates: RoutingVersion[] = [];
  // The newest version carrying traffic: its config decides the gateway settings.
  let newest: ServiceVersion | undefined;
  if (service.primary && service.primary.currentWeight > 0) {
    candidates.push(routingVersion(service.primary, 'primary', service.primary.currentWeight));
    newest = service.primary;
  }
  if (service.canary && service.canary.currentWeight > 0) {
    newest = service.canary;
    candidates.push(
      routingVersion(
        service.canary,
        candidates.length ? 'canary' : 'primary',
        service.canary.currentWeight,
      ),
    );
  }
  const total = candidates.reduce((sum, v) => sum + v.weight, 0);
  if (
    service.primary &&
    service.canary &&
    service.canary.currentWeight === 100 &&
    service.primary.currentWeight === 0
  ) {
    // Everything is on the canary while the old primary drains: it still routes as canary.
    candidates[0] = { ...candidates[0]!, role: 'canary' };
    candidates.unshift({ ...routingVersion(service.primary, 'primary', 0) });
  }
  const hashes = [service.queryTokenHash, service.previousQueryTokenHash].filter(
    (h): h is string => !!h,
  );
  const routed = total === 100;
  return {
    serviceId: service.id,
    orgId: service.orgId,
    project: service.project.name,
    service: service.name,
    endpointSlug: endpointSlugOf(service.project.name, service.name),
    auth: { enabled: service.queryAuthEnabled, tokenHashes: hashes },
    versions: routed ? candidates : [],
    revision: service.routingRevision,
    updatedAt: now,
    ...(routed && newest ? gatewaySettingsOf(newest.config as ServiceConfig) : {}),
  };
}
