/** The `switchyard` process: real stdio and environment around `run`. */
import { run } from './cli';

run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
  stdin: process.stdin,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`switchyard: internal error: ${String(error)}\n`);
    process.exitCode = 5;
  },
);
