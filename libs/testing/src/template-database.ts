import { randomBytes } from 'node:crypto';
import {
  quoteIdentifier,
  templateName,
  testDatabasePrefix,
  testDatabaseUrl,
  withAdminClient,
} from './postgres-server';

/** Applies the repo's migrations to a database URL (libs/db's applyMigrations). */
export type ApplyMigrations = (connectionString: string) => Promise<string[]>;

/**
 * Creates this run's template: a new database with every migration applied, then closed to
 * connections. CREATE DATABASE … TEMPLATE fails while anyone is connected to the template, and
 * with ALLOW_CONNECTIONS false nobody (a stray test, autovacuum) can connect by accident.
 */
export async function createTemplateDatabase(applyMigrations: ApplyMigrations): Promise<string> {
  const template = templateName(randomBytes(4).toString('hex'));
  try {
    await applyMigrations(testDatabaseUrl(template));
    await withAdminClient(async (client) => {
      await client.query(
        `ALTER DATABASE ${quoteIdentifier(template)} WITH ALLOW_CONNECTIONS false`,
      );
      // Backends of the just-closed pools may still be exiting; new ones can no longer start.
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [template],
      );
    });
  } catch (error) {
    await dropRunDatabases(template);
    throw error;
  }
  return template;
}

/** Drops the template and every test database created from it in this run. */
export async function dropRunDatabases(template: string): Promise<string[]> {
  return withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)',
      [template, testDatabasePrefix(template)],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
    }
    return rows.map((row) => row.datname);
  });
}
