import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MigrationError } from './errors';

export interface PrismaPaths {
  /** prisma/schema.prisma */
  schemaFile: string;
  /** prisma/migrations */
  migrationsDir: string;
}

/**
 * Locates prisma/ by walking up from this file rather than trusting `process.cwd()`: Jest runs
 * with the project folder as cwd, scripts with the repo root, compiled output lives elsewhere.
 */
export function defaultPrismaPaths(): PrismaPaths {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const schemaFile = join(dir, 'prisma', 'schema.prisma');
    if (existsSync(schemaFile))
      return { schemaFile, migrationsDir: join(dir, 'prisma', 'migrations') };
    if (dirname(dir) === dir)
      throw new MigrationError(`no prisma/schema.prisma above ${__dirname}`);
  }
}
