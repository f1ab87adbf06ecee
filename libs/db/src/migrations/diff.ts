import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { databaseUrlFromEnv, withDatabase } from './connection-string';
import { LOCKFILE_CONTENT, readMigrations } from './migration-list';
import { defaultPrismaPaths } from './paths';
import { NO_EXTERNAL_ENTITIES, withSchemaEngine } from './schema-engine';

export interface DiffOptions {
  /** Any database on the server: the engine only uses it to create a throw-away shadow database. */
  connectionString?: string;
  migrationsDir?: string;
  schemaFile?: string;
  onLog?: (line: string) => void;
}

/**
 * The SQL that takes a database from "all committed migrations applied" to schema.prisma, as
 * `prisma migrate diff --from-migrations --to-schema --script` prints it. The engine replays
 * the migrations into a shadow database to know where they lead.
 *
 * `schemaText` replaces the contents of schema.prisma (tests pass a modified copy).
 * When the two agree the result has no statements, only comments: see `isEmptyMigrationSql`.
 */
export async function diffSchemaAgainstMigrations(
  schemaText?: string,
  options: DiffOptions = {},
): Promise<string> {
  const paths = defaultPrismaPaths();
  const schemaFile = options.schemaFile ?? paths.schemaFile;
  const content = schemaText ?? readFileSync(schemaFile, 'utf8');
  const migrations = readMigrations(options.migrationsDir ?? paths.migrationsDir);
  // Before the first migration there is no lockfile yet, and the engine reads the provider from
  // it; createMigration writes exactly this one next to that first migration.
  if (migrations.lockfile.content === null && migrations.migrationDirectories.length === 0) {
    migrations.lockfile.content = LOCKFILE_CONTENT;
  }
  // The maintenance database always exists, so a drift check needs no migrated app database.
  const server = withDatabase(options.connectionString ?? databaseUrlFromEnv(), 'postgres');
  const result = await withSchemaEngine(server, { onLog: options.onLog }, 'diff', (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files: [{ path: basename(schemaFile), content }] },
      script: true,
      exitCode: null,
      filters: NO_EXTERNAL_ENTITIES,
    }),
  );
  return result.stdout ?? '';
}

/** True when `sql` has nothing but comments and blank lines ("-- This is an empty migration."). */
export function isEmptyMigrationSql(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
