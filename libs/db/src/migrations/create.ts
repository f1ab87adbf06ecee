import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSchemaAgainstMigrations, isEmptyMigrationSql, type DiffOptions } from './diff';
import { InvalidMigrationNameError, NothingToMigrateError } from './errors';
import { LOCKFILE_CONTENT, LOCKFILE_NAME, MIGRATION_FILE_NAME } from './migration-list';
import { defaultPrismaPaths } from './paths';

const MIGRATION_NAME = /^[a-z0-9_]+$/;

export interface CreatedMigration {
  /** Directory name, e.g. 20261122093000_add_quotas */
  name: string;
  /** Absolute path of the migration.sql written */
  file: string;
  sql: string;
}

/**
 * `prisma migrate dev --create-only` without the CLI: writes
 * prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql with the SQL from schema.prisma's
 * drift, and migration_lock.toml if it is missing. Applies nothing.
 */
export async function createMigration(
  name: string,
  options: DiffOptions & { now?: Date } = {},
): Promise<CreatedMigration> {
  if (!MIGRATION_NAME.test(name)) throw new InvalidMigrationNameError(name);
  const migrationsDir = options.migrationsDir ?? defaultPrismaPaths().migrationsDir;
  const sql = await diffSchemaAgainstMigrations(undefined, { ...options, migrationsDir });
  if (isEmptyMigrationSql(sql)) throw new NothingToMigrateError();

  const directory = `${timestamp(options.now ?? new Date())}_${name}`;
  const file = join(migrationsDir, directory, MIGRATION_FILE_NAME);
  mkdirSync(join(migrationsDir, directory), { recursive: true });
  // 'wx': two runs in the same second must not overwrite each other's migration.
  writeFileSync(file, sql, { flag: 'wx' });
  const lockfile = join(migrationsDir, LOCKFILE_NAME);
  if (!existsSync(lockfile)) writeFileSync(lockfile, LOCKFILE_CONTENT);
  return { name: directory, file, sql };
}

/** UTC, like the Prisma CLI, so migration order does not depend on the author's time zone. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
