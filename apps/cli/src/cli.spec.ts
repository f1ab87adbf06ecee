import { CLI_VERSION, runCli } from './cli';

describe('switchyard CLI', () => {
  it.each([
    [['--version'], 0, CLI_VERSION],
    [['--help'], 0, 'Usage:'],
    [[], 2, ''],
    [['deploy-everything'], 2, ''],
  ])('%j exits %i', (argv, exitCode, stdout) => {
    const result = runCli(argv);
    expect(result.exitCode).toBe(exitCode);
    expect(result.stdout).toContain(stdout);
    if (exitCode === 2) expect(result.stderr).toContain('Usage:');
  });
});
