import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

/**
 * The Prisma client over the `pg` driver adapter. Prisma 7's client needs no native engine,
 * so this works on machines that reach only the npm registry.
 */
export function createDb(connectionString: string, options: { poolSize?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
