import { CliError } from '../errors';
import {
  integerFlag,
  keyValueFlags,
  listFlag,
  parseCommandArgs,
  requiredString,
  stringFlag,
  type ArgsSpec,
} from './parse';

const spec: ArgsSpec = {
  usage: 'Usage: test',
  options: {
    name: { type: 'string', short: 'n' },
    env: { type: 'string', multiple: true },
    wait: { type: 'boolean' },
    percent: { type: 'string' },
  },
};

function usageFailure(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).kind).toBe('usage');
    expect((error as CliError).details).toEqual(['Usage: test']);
    return error as CliError;
  }
  throw new Error('expected a usage error');
}

describe('flag parsing', () => {
  it('reads short and long flags, repeated flags and booleans', () => {
    const args = parseCommandArgs(['-n', 'web', '--env', 'A=1', '--env=B=x=y', '--wait'], spec)!;
    expect(stringFlag(args, 'name')).toBe('web');
    expect(listFlag(args, 'env')).toEqual(['A=1', 'B=x=y']);
    expect(keyValueFlags(args, 'env')).toEqual({ A: '1', B: 'x=y' });
    expect(args.values.wait).toBe(true);
  });

  it('-h / --help → undefined (the caller prints the usage)', () => {
    expect(parseCommandArgs(['--help'], spec)).toBeUndefined();
    expect(parseCommandArgs(['-n', 'x', '-h'], spec)).toBeUndefined();
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['--name'], /argument missing/],
    [['stray'], /unexpected argument "stray"/],
  ])('%j is a usage error', (argv, message) => {
    expect(usageFailure(() => parseCommandArgs(argv, spec)).message).toMatch(message);
  });

  it('required flags, positionals', () => {
    const args = parseCommandArgs([], spec)!;
    expect(usageFailure(() => requiredString(args, 'name', '-n/--name')).message).toBe(
      '-n/--name is required',
    );
    expect(usageFailure(() => parseCommandArgs([], { ...spec, positionals: ['id'] })).message).toBe(
      'missing ID',
    );
    expect(parseCommandArgs(['abc'], { ...spec, positionals: ['id'] })!.positionals).toEqual([
      'abc',
    ]);
  });

  it('integers within bounds only', () => {
    const parse = (value: string) =>
      integerFlag(parseCommandArgs(['--percent', value], spec)!, 'percent', 0, 100);
    expect(parse('25')).toBe(25);
    expect(parse('0')).toBe(0);
    for (const bad of ['101', '-1', '2.5', '1e1', 'ten'])
      expect(() => parse(bad)).toThrow(CliError);
    expect(integerFlag(parseCommandArgs([], spec)!, 'percent', 0, 100)).toBeUndefined();
  });

  it('--env needs KEY=VALUE', () => {
    const args = parseCommandArgs(['--env', 'NOVALUE'], spec)!;
    expect(usageFailure(() => keyValueFlags(args, 'env')).message).toContain('KEY=VALUE');
  });
});
