/**
 * The shape of one command (`service deploy`, `token create`, …): its flags, its usage text
 * with examples, and what it does. Flag problems become exit 2 with this usage; `-h/--help`
 * prints it and exits 0.
 */
import { parseCommandArgs, type ArgsSpec, type ParsedArgs } from '../args/parse';
import type { Context } from '../io';

export interface Command extends ArgsSpec {
  summary: string;
  /** Resolves to the exit code; failures throw CliError. */
  run(ctx: Context, args: ParsedArgs): Promise<number>;
}

export async function runCommand(command: Command, argv: string[], ctx: Context): Promise<number> {
  const args = parseCommandArgs(argv, command);
  if (!args) {
    ctx.out(command.usage);
    return 0;
  }
  return command.run(ctx, args);
}

/** Options most commands share. */
export const projectOption = { project: { type: 'string' } } as const;
export const jsonOption = { json: { type: 'boolean' } } as const;
