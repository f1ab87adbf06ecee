import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  TEMPLATE_DB_ENV,
  quoteIdentifier,
  testDatabasePrefix,
  testDatabaseUrl,
  withAdminClient,
} from './postgres-server';

export interface TestDatabase {
  /** Connection string for this database (give it to createDb / DATABASE_URL). */
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** "source database is being accessed by other users": a backend is still leaving the template. */
const OBJECT_IN_USE = '55006';
const ATTEMPTS = 5;

/**
 * A migrated, empty database of its own for one test file: a copy of the run's template made
 * by CREATE DATABASE … TEMPLATE, which copies files instead of replaying migrations (fast).
 * Needs the Jest globalSetup in libs/testing/src/global-setup.js.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_DB_ENV];
  if (!template) {
    throw new Error(
      `${TEMPLATE_DB_ENV} is not set: add libs/testing/src/global-setup.js as this Jest project's globalSetup`,
    );
  }
  // pid + random: unique across workers, and across test files sharing a worker (each file has
  // its own module registry, so a module-level counter would restart and collide).
  const name = `${testDatabasePrefix(template)}${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`,
        );
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt === ATTEMPTS)
          throw error;
        await sleep(50 * attempt);
      }
    }
  });
  let dropped: Promise<void> | undefined;
  return {
    url: testDatabaseUrl(name),
    name,
    drop() {
      dropped ??= withAdminClient(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      });
      return dropped;
    },
  };
}
