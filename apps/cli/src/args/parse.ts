/**
 * Flags through node:util parseArgs (strict: unknown flags and missing values are errors), with
 * typed getters that turn every problem into a usage error (exit 2) carrying the command's usage.
 */
import { parseArgs } from 'node:util';
import { CliError } from '../errors';

export type OptionSpec = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  usage: string;
}

export interface ArgsSpec {
  options: OptionSpec;
  /** Names of the positional arguments, in order (all required). */
  positionals?: string[];
  usage: string;
}

/** `undefined` when --help/-h was given (the caller prints the usage and exits 0). */
export function parseCommandArgs(argv: string[], spec: ArgsSpec): ParsedArgs | undefined {
  let parsed: { values: ParsedArgs['values']; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw usageError((error as Error).message, spec.usage);
  }
  if (parsed.values.help === true) return undefined;
  const expected = spec.positionals ?? [];
  if (parsed.positionals.length < expected.length) {
    throw usageError(
      `missing ${expected
        .slice(parsed.positionals.length)
        .map((n) => n.toUpperCase())
        .join(' ')}`,
      spec.usage,
    );
  }
  if (parsed.positionals.length > expected.length) {
    throw usageError(`unexpected argument "${parsed.positionals[expected.length]}"`, spec.usage);
  }
  return { values: parsed.values, positionals: parsed.positionals, usage: spec.usage };
}

export function usageError(message: string, usage: string): CliError {
  return new CliError('usage', message, [usage]);
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw usageError(`--${name} needs a value`, args.usage);
  return value;
}

export function requiredString(args: ParsedArgs, name: string, display = `--${name}`): string {
  const value = stringFlag(args, name);
  if (value === undefined) throw usageError(`${display} is required`, args.usage);
  return value;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** An integer flag within [min, max]; "10", not "10.5", "1e1" or "ten". */
export function integerFlag(
  args: ParsedArgs,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim()))
    throw usageError(`--${name} must be an integer, got "${raw}"`, args.usage);
  const value = Number(raw);
  if (value < min || value > max)
    throw usageError(`--${name} must be between ${min} and ${max}, got ${value}`, args.usage);
  return value;
}

/** `--env K=V` pairs (repeatable); the value may contain "=", the key may not be empty. */
export function keyValueFlags(args: ParsedArgs, name: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of listFlag(args, name)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`--${name} takes KEY=VALUE, got "${item}"`, args.usage);
    pairs[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return pairs;
}
