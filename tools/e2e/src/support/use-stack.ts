import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { FAST_TIMINGS, Stack } from './stack';

/**
 * The whole stack (API, worker, gateway) on a fresh database for one spec file: started before
 * its tests, stopped and the database dropped after them. Call at the top of a `describe`:
 *
 *   let stack: Stack;
 *   useStack((started) => (stack = started));
 */
export function useStack(
  receive: (stack: Stack) => void,
  env: Record<string, string> = FAST_TIMINGS,
): void {
  let database: TestDatabase | undefined;
  let stack: Stack | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await Stack.start({ databaseUrl: database.url, env });
    receive(stack);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await database?.drop();
  }, 60_000);
}
