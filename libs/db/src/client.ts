import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from './generated/prisma/client';

export type Db = PrismaClient;

/** Statement counting for benchmarks: called with every statement's text. */
type OnQuery = (event: { query: string }) => void;

const hotPathPools = new WeakMap<Db, { pool: pg.Pool; onQuery?: OnQuery }>();

/**
 * The Prisma client over the `pg` driver adapter. Prisma 7's client needs no native engine,
 * so this works on machines that reach only the npm registry. The adapter is given a pool we
 * create, so that `hotPathQuery` can use the same connections.
 */
export function createDb(
  connectionString: string,
  options: { poolSize?: number; onQuery?: OnQuery } = {},
): Db {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10 });
  // An idle connection's error (Postgres restarted) must not crash the process: pg drops that
  // connection and the next query opens another. (Prisma's adapter listens too, but only once
  // it has connected.)
  pool.on('error', () => undefined);
  // $disconnect ends the pool, as it did when the adapter made its own.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  let client: Db;
  if (!options.onQuery) client = new PrismaClient({ adapter });
  else {
    // Benchmarks count the SQL statements each tick costs.
    const logging = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
    logging.$on('query', options.onQuery);
    client = logging as unknown as Db;
  }
  hotPathPools.set(client, { pool, onQuery: options.onQuery });
  return client;
}

/**
 * Runs one hand-written statement (a `Prisma.sql` template) straight on the `pg` pool under
 * Prisma's adapter, and returns its rows as `pg` parsed them. Only for the rollout tick's hot
 * statements, whose results are JSON or plain numbers: Prisma's `$queryRaw` costs about twice
 * the client CPU of the same statement on `pg` (bench/README.md, "engine"), and a thousand
 * concurrent rollouts make that the limit on two shared cores. Not for anything returning
 * `timestamp` columns: `pg` would read them in the process's time zone, Prisma as UTC.
 *
 * A client not made by `createDb` (none in the product), or one disconnected (its pool ended;
 * Prisma reconnects with a pool of its own), goes through `$queryRawUnsafe`.
 */
export async function hotPathQuery<T>(db: Db, sql: Prisma.Sql): Promise<T[]> {
  const hot = hotPathPools.get(db);
  if (!hot || hot.pool.ending) return db.$queryRawUnsafe<T[]>(sql.text, ...sql.values);
  hot.onQuery?.({ query: sql.text });
  const result = await hot.pool.query(sql.text, sql.values as unknown[]);
  return result.rows as T[];
}
