import { hotPathQuery, Prisma, type Cluster, type Db } from '@switchyard/db';
import { uuidv7 } from '@switchyard/platform';
import { clusterOf, type Json } from '../db/json-rows';

/**
 * The row a provisioning writes *before* calling the provider: the record that the cluster may
 * exist. One `INSERT … ON CONFLICT DO NOTHING RETURNING`, hand-written like the tick's other
 * hot statements (a provisioning tick is the heaviest, and 1,000 of them come at once when a
 * worker starts on 1,000 new rollouts). Null when a row with this key exists already: an earlier
 * attempt of the same tick wrote it.
 */
export async function insertClusterRow(
  db: Db,
  row: Pick<
    Cluster,
    'orgId' | 'serviceVersionId' | 'cloudId' | 'provider' | 'idempotencyKey' | 'rolloutId'
  > & { createdAt: Date },
): Promise<Cluster | null> {
  const [inserted] = await hotPathQuery<{ row: Json<Cluster> }>(
    db,
    Prisma.sql`
      INSERT INTO "clusters" AS c
        ("id", "orgId", "serviceVersionId", "cloudId", "provider", "idempotencyKey", "rolloutId", "createdAt")
      VALUES (
        ${uuidv7(row.createdAt.getTime())}::uuid, ${row.orgId}::uuid, ${row.serviceVersionId}::uuid,
        ${row.cloudId}::uuid, ${row.provider}::"CloudProvider", ${row.idempotencyKey},
        ${row.rolloutId}::uuid, ${row.createdAt.toISOString()}::timestamp(3))
      ON CONFLICT ("idempotencyKey") DO NOTHING
      RETURNING row_to_json(c) AS "row"`,
  );
  return inserted ? clusterOf(inserted.row) : null;
}
