import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

/**
 * The Prisma client over the `pg` driver adapter. Prisma 7's client needs no native engine,
 * so this works on machines that reach only the npm registry.
 */
export function createDb(connectionString: string, options: { poolSize?: number; onQuery?: (event: { query: string }) => void } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.poolSize ?? 10 });
  if (!options.onQuery) return new PrismaClient({ adapter });
  // Benchmarks count the SQL statements each tick costs.
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', options.onQuery);
  return client as unknown as Db;
}
