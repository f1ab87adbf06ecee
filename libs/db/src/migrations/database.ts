import { Client } from 'pg';
import { databaseName, quoteIdentifier, withDatabase } from './connection-string';

/** Postgres' "database already exists": lost a race with another process creating it. */
const DUPLICATE_DATABASE = '42P04';

/** Runs `work` on a short-lived connection to the server's `postgres` maintenance database. */
export async function withMaintenanceConnection<T>(
  connectionString: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: withDatabase(connectionString, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database `connectionString` names unless it exists; true when it created it. */
export async function ensureDatabase(connectionString: string): Promise<boolean> {
  const name = databaseName(connectionString);
  return withMaintenanceConnection(connectionString, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === DUPLICATE_DATABASE) return false;
      throw error;
    }
  });
}
