import { MigrationError } from '../../libs/db/src/migrations';

/**
 * Runs a db script's body and turns its outcome into an exit code. It sets `process.exitCode`
 * instead of calling `process.exit()` so that a connection left open shows up as a script that
 * does not end, rather than being hidden.
 */
export function runScript(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Expected failures (bad name, engine refusal, nothing to do) need no stack trace.
      console.error(error instanceof MigrationError ? `error: ${error.message}` : error);
      process.exitCode = 1;
    },
  );
}
