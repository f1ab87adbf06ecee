// Prisma migrations without the Prisma CLI (whose native engine download fails offline):
// the WebAssembly schema engine over @prisma/adapter-pg. See /work/shared/notes/prisma-offline.md.
export { applyMigrations, type ApplyOptions } from './apply';
export {
  DEFAULT_DATABASE_URL,
  databaseName,
  databaseUrlFromEnv,
  redact,
  withDatabase,
} from './connection-string';
export { createMigration, type CreatedMigration } from './create';
export { ensureDatabase } from './database';
export { diffSchemaAgainstMigrations, isEmptyMigrationSql, type DiffOptions } from './diff';
export {
  InvalidMigrationNameError,
  MigrationError,
  NothingToMigrateError,
  SchemaEngineError,
} from './errors';
export { LOCKFILE_CONTENT, readMigrations } from './migration-list';
export { defaultPrismaPaths, type PrismaPaths } from './paths';
export {
  loadSchemaEngine,
  type LoadedSchemaEngine,
  type SchemaEngineOptions,
} from './schema-engine';
