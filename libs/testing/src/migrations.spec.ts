import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';
import {
  applyMigrations,
  defaultPrismaPaths,
  diffSchemaAgainstMigrations,
  isEmptyMigrationSql,
  readMigrations,
  withDatabase,
} from '@switchyard/db/migrations';

/** Runs one query on a short-lived connection (the tests must not leave pools behind). */
async function query<T extends object>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const committedMigrations = readMigrations(
  defaultPrismaPaths().migrationsDir,
).migrationDirectories.map((dir) => dir.path);

describe('applyMigrations on a fresh database', () => {
  let scratch: TestDatabase;
  let freshUrl: string;

  beforeAll(async () => {
    // Only to borrow a unique name on the test server: the database itself must not exist yet.
    scratch = await createTestDatabase();
    freshUrl = withDatabase(scratch.url, `${scratch.name}_fresh`);
  });

  afterAll(async () => {
    await query(
      withDatabase(scratch.url, 'postgres'),
      `DROP DATABASE IF EXISTS "${scratch.name}_fresh" WITH (FORCE)`,
    );
    await scratch.drop();
  });

  it('creates the database, applies every migration and records it like prisma migrate deploy', async () => {
    expect(committedMigrations.length).toBeGreaterThan(0);

    await expect(applyMigrations(freshUrl)).resolves.toEqual(committedMigrations);

    const tables = await query<{ table_name: string }>(
      freshUrl,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['organizations', '_prisma_migrations']),
    );
    const history = await query<{
      migration_name: string;
      finished: boolean;
      rolled_back: boolean;
    }>(
      freshUrl,
      'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history).toEqual(
      committedMigrations.map((name) => ({
        migration_name: name,
        finished: true,
        rolled_back: false,
      })),
    );
  });

  it('applies nothing the second time', async () => {
    await expect(applyMigrations(freshUrl)).resolves.toEqual([]);
  });
});

describe('diffSchemaAgainstMigrations', () => {
  let db: TestDatabase;
  const schema = readFileSync(defaultPrismaPaths().schemaFile, 'utf8');

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('finds nothing to migrate for the committed schema.prisma', async () => {
    const sql = await diffSchemaAgainstMigrations(undefined, { connectionString: db.url });
    expect(isEmptyMigrationSql(sql)).toBe(true);
  });

  it('returns the missing SQL for a schema that has moved on', async () => {
    const modified = `${schema}\nmodel DriftProbe {\n  id   String @id\n  note String\n}\n`;
    const sql = await diffSchemaAgainstMigrations(modified, { connectionString: db.url });
    expect(isEmptyMigrationSql(sql)).toBe(false);
    expect(sql).toContain('CREATE TABLE "DriftProbe"');
  });

  it('leaves no shadow database behind', async () => {
    const shadows = await query(
      db.url,
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
    );
    expect(shadows).toEqual([]);
  });
});

describe('createTestDatabase', () => {
  it('gives each caller a migrated database of its own', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(first.name).not.toBe(second.name);
      await query(
        first.url,
        `INSERT INTO organizations (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Isolation', 'isolation', now())`,
      );

      const find = "SELECT id FROM organizations WHERE slug = 'isolation'";
      expect(await query(first.url, find)).toHaveLength(1);
      expect(await query(second.url, find)).toHaveLength(0);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
  });
});
