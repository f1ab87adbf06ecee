import { Client } from 'pg';

/** The Postgres server integration tests use; any database on it works, `postgres` always exists. */
export const DEFAULT_TEST_PG_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Set by global-setup.js for the test workers: the migrated template of this Jest run. */
export const TEMPLATE_DB_ENV = 'SWITCHYARD_TEST_TEMPLATE_DB';

export function testServerUrl(): string {
  return process.env['SWITCHYARD_TEST_PG_URL'] || DEFAULT_TEST_PG_URL;
}

/** The test server's URL, pointing at `database`. */
export function testDatabaseUrl(database: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** CREATE/DROP DATABASE take identifiers, not bind parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Runs `work` on a short-lived connection to the maintenance database. */
export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/*
 * Naming: the template is sy_tpl_<runId>; every copy made from it is sy_t_<runId>_<…>, so the
 * run's teardown finds exactly its own databases and never touches a parallel run's.
 */
export function templateName(runId: string): string {
  return `sy_tpl_${runId}`;
}

export function testDatabasePrefix(template: string): string {
  if (!template.startsWith('sy_tpl_'))
    throw new Error(`not a test template database name: ${template}`);
  return `sy_t_${template.slice('sy_tpl_'.length)}_`;
}
