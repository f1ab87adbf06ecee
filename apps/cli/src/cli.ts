/**
 * The `switchyard` CLI: `run(argv, io)` dispatches to a command and resolves to its exit code.
 * Everything a command touches comes through `io`, so tests run it in-process exactly as the
 * `./switchyard` executable does. Failures are CliErrors; their kind decides the exit code.
 */
import { CliError, asCliError, exitCodeFor, EXIT } from './errors';
import { contextFor, type Context, type RunOptions } from './io';
import { GROUPS, groupUsage, TOP_COMMANDS } from './commands/catalog';
import { runCommand } from './commands/command';
import { CLI_VERSION } from './version';

export { CLI_VERSION } from './version';
export type { RunOptions } from './io';

const HELP = `switchyard — deploy services and roll them out with zero downtime

Usage:
  switchyard COMMAND [options]         (switchyard COMMAND --help for details)

Commands:
  login                     ${TOP_COMMANDS.login!.summary}
${Object.entries(GROUPS)
  .flatMap(([group, { commands }]) =>
    Object.entries(commands).map(
      ([name, entry]) => `  ${`${group} ${name}`.padEnd(26)}${entry.summary}`,
    ),
  )
  .join('\n')}

Options:
  -h, --help                this help (and after any command, that command's)
  -v, --version             the CLI's version

Environment:
  SWITCHYARD_API_URL        the API (default: \`switchyard login\`'s, else http://127.0.0.1:8080)
  SWITCHYARD_TOKEN          an API token (sy_…); wins over the one \`switchyard login\` stored
  XDG_CONFIG_HOME           where \`switchyard login\` keeps switchyard/config.json (else ~/.config)

Exit codes:
  0 success · 1 rollout failed, rolled back or timed out · 2 bad usage or invalid config ·
  3 authentication/permission · 4 not found or conflict · 5 server/network error after retries

Examples:
  switchyard login --api-url http://127.0.0.1:8080
  switchyard service deploy -f service.yaml --wait
  switchyard service status -n web
  switchyard service events -n web
`;

export async function run(argv: string[], io: RunOptions): Promise<number> {
  const ctx = contextFor(io);
  try {
    return await dispatch(argv, ctx);
  } catch (error) {
    const failure = asCliError(error);
    report(ctx, failure);
    return exitCodeFor(failure.kind);
  }
}

async function dispatch(argv: string[], ctx: Context): Promise<number> {
  const [first, second, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    ctx.out(`${CLI_VERSION}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    ctx.out(HELP);
    return EXIT.ok;
  }
  if (first === undefined) throw new CliError('usage', 'no command given', [HELP]);
  const top = TOP_COMMANDS[first];
  if (top) return runCommand(await top.load(), argv.slice(1), ctx);
  const group = GROUPS[first];
  if (!group) throw new CliError('usage', `unknown command "${first}"`, [HELP]);
  if (second === '--help' || second === '-h') {
    ctx.out(groupUsage(first, group));
    return EXIT.ok;
  }
  if (second === undefined)
    throw new CliError('usage', `"switchyard ${first}" needs a command`, [
      groupUsage(first, group),
    ]);
  const entry = group.commands[second];
  if (!entry)
    throw new CliError('usage', `unknown command "${first} ${second}"`, [groupUsage(first, group)]);
  return runCommand(await entry.load(), rest, ctx);
}

function report(ctx: Context, error: CliError): void {
  ctx.err(`switchyard: error: ${error.message}\n`);
  for (const line of error.details) ctx.err(line.endsWith('\n') ? `\n${line}` : `  ${line}\n`);
}
