import { hotPathQuery, Prisma, type Db } from '@switchyard/db';
import { uuidv7 } from '@switchyard/platform';
import type { ClusterFact } from './execute';
import type { TickWrites, VersionWrite } from './tick-writes';

export class StaleTickError extends Error {
  constructor(rolloutId: string) {
    super(`rollout ${rolloutId} changed under this tick (optimistic version check failed)`);
    this.name = 'StaleTickError';
  }
}

/**
 * `timestamp(3)` columns hold UTC wall time (Prisma's convention). Casting an ISO string with a
 * `Z` to `timestamp` keeps the wall time and drops the zone, whatever the session's time zone.
 */
const ts = (date: Date | null) =>
  date === null ? Prisma.sql`NULL::timestamp(3)` : Prisma.sql`${date.toISOString()}::timestamp(3)`;
const uuid = (id: string | null) =>
  id === null ? Prisma.sql`NULL::uuid` : Prisma.sql`${id}::uuid`;

function versionUpdate(version: VersionWrite | null, now: Date) {
  if (!version) return Prisma.sql`SELECT 1 WHERE false`;
  return Prisma.sql`
    UPDATE "service_versions" SET
      "state" = ${version.state}::"VersionState",
      "currentWeight" = ${version.currentWeight}::int,
      "targetWeight" = ${version.targetWeight}::int,
      "observed" = ${JSON.stringify(version.observed)}::jsonb,
      "updatedAt" = ${ts(now)}
    WHERE "id" = ${version.id}::uuid AND EXISTS (SELECT 1 FROM rollout)
    RETURNING 1`;
}

/**
 * What the provider did to clusters (provider id learnt, failed, terminated). Not guarded by
 * the rollout's version: these are facts whatever becomes of the tick, as they were when each
 * was its own statement. A data-modifying CTE runs to completion whether or not the statement
 * reads it.
 */
/**
 * One fact per cluster: `UPDATE … FROM` applies only one of two rows that match the same
 * cluster, and which one is undefined. A tick can hold two — the provider first reported the
 * cluster RUNNING in the tick that terminates it — so they are merged, a field named later
 * winning, and an ended state (FAILED, TERMINATED) beating RUNNING whatever the order.
 */
export function mergeClusterFacts(facts: ClusterFact[]): ClusterFact[] {
  const byId = new Map<string, ClusterFact>();
  for (const fact of facts) {
    const seen = byId.get(fact.id);
    if (!seen) {
      byId.set(fact.id, { ...fact });
      continue;
    }
    const state =
      seen.state && seen.state !== 'RUNNING' && fact.state === 'RUNNING'
        ? seen.state
        : (fact.state ?? seen.state);
    byId.set(fact.id, { ...seen, ...definedOf(fact), ...(state ? { state } : {}) });
  }
  return [...byId.values()];
}

function definedOf(fact: ClusterFact): Partial<ClusterFact> {
  return Object.fromEntries(Object.entries(fact).filter(([, v]) => v !== undefined));
}

function clusterFactsUpdate(facts: ClusterFact[]) {
  if (facts.length === 0) return Prisma.sql`SELECT 1 WHERE false`;
  const rows = mergeClusterFacts(facts).map((f) => ({
    ...f,
    terminatedAt: f.terminatedAt?.toISOString(),
  }));
  return Prisma.sql`
    UPDATE "clusters" c SET
      "providerClusterId" = COALESCE(f."providerClusterId", c."providerClusterId"),
      "state" = CASE
        WHEN f."state" = 'RUNNING' AND c."state" <> 'PROVISIONING' THEN c."state"
        ELSE COALESCE(f."state"::"ClusterState", c."state")
      END,
      "failureReason" = COALESCE(f."failureReason", c."failureReason"),
      "terminatedAt" = COALESCE(f."terminatedAt"::timestamp(3), c."terminatedAt")
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS f("id" uuid, "providerClusterId" text, "state" text, "failureReason" text, "terminatedAt" text)
    WHERE c."id" = f."id"
    RETURNING 1`;
}

/**
 * Writes one tick in ONE statement — which Postgres runs as one transaction — instead of an
 * interactive transaction of seven or eight round trips: ticks are the hot path (a thousand
 * concurrent rollouts), and on this stack every round trip costs client CPU as well as latency.
 *
 * The first CTE is the optimistic lock: the rollout row is updated only if its `version` is the
 * one this tick loaded. Every other write but the cluster facts is guarded by
 * `EXISTS (SELECT 1 FROM rollout)`, so a tick that lost the race to another worker writes none
 * of its decisions (and gets StaleTickError).
 * Under READ COMMITTED a racing statement waits on the row lock, then re-checks the version
 * against the committed row, so exactly one of two racing ticks applies.
 *
 * Events get consecutive `seq` numbers after the rollout's last one, computed in the statement
 * (the lock above makes the read-then-insert safe). Columns Prisma would fill (`updatedAt`, ids)
 * are filled here: ids are UUIDv7 like every other row's.
 */
export async function persistTick(db: Db, writes: TickWrites): Promise<void> {
  const { rollout, service, now } = writes;
  let clusterFacts = writes.clusterFacts;
  if (clusterFacts.some((fact) => fact.id === writes.moveClusterId)) {
    // One statement must not update a row twice (Postgres applies only one of the two): the
    // facts about the cluster an in-place success moves go first, on their own.
    await db.$executeRaw`WITH cluster_facts AS (${clusterFactsUpdate(clusterFacts)}) SELECT 1`;
    clusterFacts = [];
  }
  const events = writes.events.map((event, i) => ({
    id: uuidv7(event.at),
    i: i + 1,
    type: event.type,
    fromState: event.fromState,
    toState: event.toState,
    reason: event.reason,
    createdAt: new Date(event.at).toISOString(),
  }));
  const rows = await hotPathQuery<{ applied: number }>(
    db,
    Prisma.sql`
    WITH rollout AS (
      UPDATE "rollouts" SET
        "machine" = ${JSON.stringify(rollout.machine)}::jsonb,
        "state" = ${rollout.state}::"RolloutState",
        "step" = ${rollout.step}::int,
        "version" = "version" + 1,
        "reason" = ${rollout.reason}::text,
        "finishedAt" = ${ts(rollout.finishedAt)},
        "updatedAt" = ${ts(now)}
      WHERE "id" = ${rollout.id}::uuid AND "version" = ${rollout.expectedVersion}::int
      RETURNING "id"
    ),
    events AS (
      INSERT INTO "rollout_events" ("id", "orgId", "rolloutId", "seq", "type", "fromState", "toState", "reason", "createdAt")
      SELECT e."id", ${rollout.orgId}::uuid, ${rollout.id}::uuid,
             (SELECT COALESCE(MAX("seq"), 0) FROM "rollout_events" WHERE "rolloutId" = ${rollout.id}::uuid) + e."i",
             e."type", e."fromState"::"RolloutState", e."toState"::"RolloutState", e."reason", e."createdAt"::timestamp(3)
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        AS e("id" uuid, "i" int, "type" text, "fromState" text, "toState" text, "reason" text, "createdAt" text)
      WHERE EXISTS (SELECT 1 FROM rollout)
      RETURNING 1
    ),
    command AS (
      UPDATE "rollout_commands" SET "consumedAt" = ${ts(now)}
      WHERE "id" = ${uuid(writes.consumedCommandId)} AND EXISTS (SELECT 1 FROM rollout)
      RETURNING 1
    ),
    to_version AS (${versionUpdate(writes.toVersion, now)}),
    from_version AS (${versionUpdate(writes.fromVersion, now)}),
    cluster_facts AS (${clusterFactsUpdate(clusterFacts)}),
    moved_cluster AS (
      UPDATE "clusters" SET "serviceVersionId" = ${writes.toVersion.id}::uuid
      WHERE "id" = ${uuid(writes.moveClusterId)} AND EXISTS (SELECT 1 FROM rollout)
      RETURNING 1
    ),
    service AS (
      UPDATE "services" SET
        "state" = ${service.state}::"ServiceState",
        "primaryVersionId" = CASE WHEN ${service.promote}::boolean THEN ${writes.toVersion.id}::uuid ELSE "primaryVersionId" END,
        "canaryVersionId" = CASE WHEN ${service.clearCanary}::boolean THEN NULL ELSE "canaryVersionId" END,
        "routingRevision" = "routingRevision" + 1,
        "updatedAt" = ${ts(now)}
      WHERE "id" = ${service.id}::uuid AND EXISTS (SELECT 1 FROM rollout)
      RETURNING 1
    )
    SELECT (SELECT COUNT(*) FROM rollout)::int AS "applied"`,
  );
  if (rows[0]?.applied !== 1) throw new StaleTickError(rollout.id);
}
