import { databaseUrlFromEnv } from './connection-string';
import { ensureDatabase } from './database';
import { readMigrations } from './migration-list';
import { defaultPrismaPaths } from './paths';
import { NO_EXTERNAL_ENTITIES, withSchemaEngine } from './schema-engine';

export interface ApplyOptions {
  /** Defaults to the repo's prisma/migrations. */
  migrationsDir?: string;
  onLog?: (line: string) => void;
}

/**
 * `prisma migrate deploy` without the CLI: creates the database if needed, applies the pending
 * migrations and records them in `_prisma_migrations` (the engine does both, under its
 * advisory lock). Returns the names it applied, oldest first; [] when up to date.
 */
export async function applyMigrations(
  connectionString = databaseUrlFromEnv(),
  options: ApplyOptions = {},
): Promise<string[]> {
  await ensureDatabase(connectionString);
  const migrationsList = readMigrations(
    options.migrationsDir ?? defaultPrismaPaths().migrationsDir,
  );
  const output = await withSchemaEngine(
    connectionString,
    { onLog: options.onLog },
    'applyMigrations',
    (engine) => engine.applyMigrations({ migrationsList, filters: NO_EXTERNAL_ENTITIES }),
  );
  return output.appliedMigrationNames;
}
