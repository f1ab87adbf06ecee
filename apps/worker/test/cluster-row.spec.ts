import type { Db } from '@switchyard/db';
import { insertClusterRow } from '../src/rollouts/cluster-row';
import { aService } from './fixtures/service-rows';
import { useTestDb } from './fixtures/test-db';

describe('insertClusterRow: the row a provisioning writes before the provider call', () => {
  let db: Db;
  useTestDb((client) => (db = client));

  it('writes the row once per idempotency key and returns it as Prisma would read it', async () => {
    const { org, cloud, version, tag } = await aService(db).create();
    const row = {
      orgId: org.id,
      serviceVersionId: version.id,
      cloudId: cloud.id,
      provider: 'SIM' as const,
      idempotencyKey: `ro-${tag}/provision`,
      rolloutId: null,
      createdAt: new Date('2026-11-22T10:15:30.123Z'),
    };
    const created = await insertClusterRow(db, row);
    expect(created).toEqual(await db.cluster.findUniqueOrThrow({ where: { id: created!.id } }));
    expect(created).toMatchObject({
      state: 'PROVISIONING',
      providerClusterId: null,
      createdAt: row.createdAt,
    });

    // A retried tick: the same key writes nothing and says so.
    expect(await insertClusterRow(db, { ...row, createdAt: new Date() })).toBeNull();
    expect(await db.cluster.count({ where: { idempotencyKey: row.idempotencyKey } })).toBe(1);
  });
});
