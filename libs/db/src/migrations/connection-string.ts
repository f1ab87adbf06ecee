import { MigrationError } from './errors';

/** The default development database, as in prisma.config.ts. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchyard';

export function databaseUrlFromEnv(): string {
  return process.env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
}

export function databaseName(connectionString: string): string {
  const name = decodeURIComponent(parse(connectionString).pathname.replace(/^\//, ''));
  if (!name)
    throw new MigrationError(`connection string names no database: ${redact(connectionString)}`);
  return name;
}

/**
 * The same server and credentials, another database. `pg` lets a connection string win over a
 * separate `database` option, so switching databases has to happen in the URL itself.
 */
export function withDatabase(connectionString: string, database: string): string {
  const url = parse(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Double-quoted identifier for CREATE/DROP DATABASE, which take no bind parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** For error messages: never echo a password. */
export function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable connection string>';
  }
}

function parse(connectionString: string): URL {
  try {
    return new URL(connectionString);
  } catch (cause) {
    throw new MigrationError('DATABASE_URL is not a valid postgresql:// URL', { cause });
  }
}
