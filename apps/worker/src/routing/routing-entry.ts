import { hotPathQuery, Prisma, type Db, type Service, type ServiceVersion } from '@switchyard/db';
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

/** The version columns a routing entry is made of. */
type RoutedVersion = Pick<ServiceVersion, 'id' | 'name' | 'config' | 'observed' | 'currentWeight'>;

/** What a service's routing entry is made of, read in one statement. */
export interface RoutingSource {
  service: Pick<
    Service,
    | 'id'
    | 'orgId'
    | 'name'
    | 'state'
    | 'queryAuthEnabled'
    | 'queryTokenHash'
    | 'previousQueryTokenHash'
    | 'routingRevision'
  > & { project: string };
  primary: RoutedVersion | null;
  canary: RoutedVersion | null;
}

const versionJson = (column: 'primaryVersionId' | 'canaryVersionId') =>
  Prisma.raw(`(
    SELECT json_build_object('id', v."id", 'name', v."name", 'config', v."config",
      'observed', v."observed", 'currentWeight', v."currentWeight")
    FROM "service_versions" v WHERE v."id" = s."${column}")`);

/**
 * The routing sources of many services in one statement. Every tick that writes publishes its
 * service's entry, so this is on the hot path too: hand-written SQL of only the columns an
 * entry is made of (no dates, nothing to map), batched by the caller (`BatchedLoader`).
 */
export async function loadRoutingSources(
  db: Db,
  serviceIds: string[],
): Promise<Map<string, RoutingSource>> {
  const rows = await hotPathQuery<{ source: RoutingSource }>(
    db,
    Prisma.sql`
    SELECT json_build_object(
      'service', json_build_object(
        'id', s."id", 'orgId', s."orgId", 'name', s."name", 'state', s."state",
        'queryAuthEnabled', s."queryAuthEnabled", 'queryTokenHash', s."queryTokenHash",
        'previousQueryTokenHash', s."previousQueryTokenHash",
        'routingRevision', s."routingRevision", 'project', p."name"),
      'primary', ${versionJson('primaryVersionId')},
      'canary', ${versionJson('canaryVersionId')}
    ) AS "source"
    FROM "services" s JOIN "projects" p ON p."id" = s."projectId"
    WHERE s."id" = ANY(${serviceIds}::uuid[])`,
  );
  return new Map(rows.map(({ source }) => [source.service.id, source]));
}

function routingVersion(
  version: RoutedVersion,
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
export function routingEntryOf(source: RoutingSource, now: number): RoutingEntry | null {
  const service = { ...source.service, primary: source.primary, canary: source.canary };
  if (service.state === 'TERMINATED') return null;
  const candidates: RoutingVersion[] = [];
  // The newest version carrying traffic: its config decides the gateway settings.
  let newest: RoutedVersion | undefined;
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
    project: service.project,
    service: service.name,
    endpointSlug: endpointSlugOf(service.project, service.name),
    auth: { enabled: service.queryAuthEnabled, tokenHashes: hashes },
    versions: routed ? candidates : [],
    revision: service.routingRevision,
    updatedAt: now,
    ...(routed && newest ? gatewaySettingsOf(newest.config as ServiceConfig) : {}),
  };
}

/** One service's entry (null: no such service, or terminated). */
export async function routingEntryFor(
  db: Db,
  serviceId: string,
  now: number,
): Promise<RoutingEntry | null> {
  const source = (await loadRoutingSources(db, [serviceId])).get(serviceId);
  return source ? routingEntryOf(source, now) : null;
}
