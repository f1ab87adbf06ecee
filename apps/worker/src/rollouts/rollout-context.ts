import {
  hotPathQuery,
  Prisma,
  type Cloud,
  type Cluster,
  type ComputeConfig,
  type Db,
  type Project,
  type Rollout,
  type RolloutCommand,
  type Service,
  type ServiceVersion,
} from '@switchyard/db';
import {
  cloudOf,
  clusterOf,
  commandOf,
  computeConfigOf,
  rolloutOf,
  serviceOf,
  versionOf,
  type Json,
} from '../db/json-rows';

/** A version as a tick sees it: its cloud, compute config and live (not TERMINATED) clusters. */
export type TickVersion = ServiceVersion & {
  cloud: Cloud;
  computeConfig: ComputeConfig | null;
  clusters: Cluster[];
};

export interface RolloutContext {
  rollout: Rollout & {
    service: Service & { project: Pick<Project, 'name'> };
    toVersion: TickVersion;
    fromVersion: TickVersion | null;
  };
  /** Both versions' live clusters, newest first. */
  clusters: Cluster[];
  /** The oldest user command (canary percent, rollback…) not consumed yet. */
  command: RolloutCommand | null;
}

/** A version with its cloud, compute config and live clusters, as one JSON object. */
const versionJson = (column: 'toVersionId' | 'fromVersionId') =>
  Prisma.raw(`(
  SELECT json_build_object(
    'row', row_to_json(v),
    'cloud', (SELECT row_to_json(c) FROM "clouds" c WHERE c."id" = v."cloudId"),
    'computeConfig', (SELECT row_to_json(cc) FROM "compute_configs" cc WHERE cc."id" = v."computeConfigId"),
    'clusters', COALESCE((
      SELECT json_agg(row_to_json(k) ORDER BY k."createdAt" DESC) FROM "clusters" k
      WHERE k."serviceVersionId" = v."id" AND k."state" <> 'TERMINATED'), '[]'::json))
  FROM "service_versions" v WHERE v."id" = r."${column}")`);

/**
 * Everything a tick reads, in ONE statement for any number of rollouts: each rollout, its
 * service and project name, both versions with their cloud, compute config and live clusters,
 * and the oldest user command not yet consumed. Ticks running at the same moment share the
 * statement (see `BatchedLoader`).
 *
 * Why raw SQL and not Prisma's `include` (which also makes one statement, with relationJoins):
 * ticks are the hot path, CPU-bound on two shared cores at a thousand concurrent rollouts, and
 * Prisma's interpretation and mapping of that nested result cost about twice the client CPU
 * of building it in Postgres and parsing one JSON value (bench/README.md, "engine"). The
 * mapping back to Prisma's types is below, per model; `rollout-context.spec.ts` proves the
 * result is field-for-field the one Prisma's include returns, so a column added to one of
 * these models fails that test until it is mapped here.
 */
export async function loadRolloutContexts(
  db: Db,
  rolloutIds: string[],
): Promise<Map<string, RolloutContext>> {
  const rows = await hotPathQuery<{ ctx: RawContext }>(
    db,
    Prisma.sql`
    SELECT json_build_object(
      'rollout', row_to_json(r),
      'service', row_to_json(s),
      'projectName', p."name",
      'toVersion', ${versionJson('toVersionId')},
      'fromVersion', ${versionJson('fromVersionId')},
      'command', (
        SELECT row_to_json(rc) FROM "rollout_commands" rc
        WHERE rc."rolloutId" = r."id" AND rc."consumedAt" IS NULL
        ORDER BY rc."createdAt" ASC LIMIT 1)
    ) AS "ctx"
    FROM "rollouts" r
    JOIN "services" s ON s."id" = r."serviceId"
    JOIN "projects" p ON p."id" = s."projectId"
    WHERE r."id" = ANY(${rolloutIds}::uuid[])`,
  );
  return new Map(
    rows.map(({ ctx }) => {
      const context = contextOf(ctx);
      return [context.rollout.id, context];
    }),
  );
}

export async function loadRolloutContext(
  db: Db,
  rolloutId: string,
): Promise<RolloutContext | null> {
  return (await loadRolloutContexts(db, [rolloutId])).get(rolloutId) ?? null;
}

function contextOf(raw: RawContext): RolloutContext {
  const toVersion = tickVersion(raw.toVersion!);
  const fromVersion = raw.fromVersion ? tickVersion(raw.fromVersion) : null;
  const clusters = [...toVersion.clusters, ...(fromVersion?.clusters ?? [])].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime(),
  );
  return {
    rollout: {
      ...rolloutOf(raw.rollout),
      service: { ...serviceOf(raw.service), project: { name: raw.projectName } },
      toVersion,
      fromVersion,
    },
    clusters,
    command: raw.command ? commandOf(raw.command) : null,
  };
}

interface RawVersion {
  row: Json<ServiceVersion>;
  cloud: Json<Cloud>;
  computeConfig: Json<ComputeConfig> | null;
  clusters: Json<Cluster>[];
}
interface RawContext {
  rollout: Json<Rollout>;
  service: Json<Service>;
  projectName: string;
  toVersion: RawVersion | null;
  fromVersion: RawVersion | null;
  command: Json<RolloutCommand> | null;
}

const tickVersion = (v: RawVersion): TickVersion => ({
  ...versionOf(v.row),
  cloud: cloudOf(v.cloud),
  computeConfig: v.computeConfig ? computeConfigOf(v.computeConfig) : null,
  clusters: v.clusters.map(clusterOf),
});

/**
 * The cluster serving each side. An in-place rollout has one cluster (the old version's) for
 * both; otherwise the new version's cluster is the one this rollout provisioned.
 */
export function clustersOf(ctx: RolloutContext): {
  newCluster: Cluster | undefined;
  oldCluster: Cluster | undefined;
} {
  const oldCluster = ctx.clusters.find((c) => c.serviceVersionId === ctx.rollout.fromVersionId);
  if (ctx.rollout.strategy === 'IN_PLACE') return { newCluster: oldCluster, oldCluster };
  return {
    newCluster: ctx.clusters.find((c) => c.serviceVersionId === ctx.rollout.toVersionId),
    oldCluster,
  };
}
