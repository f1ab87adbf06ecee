import { CLI_VERSION, run } from './cli';

async function runCaptured(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: {},
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe('switchyard CLI dispatch', () => {
  it.each([
    [['--version'], 0, CLI_VERSION],
    [['--help'], 0, 'Exit codes:'],
    [['service', '--help'], 0, 'rotate-token'],
    [['service', 'deploy', '-h'], 0, 'Examples:'],
    [['token', 'create', '--help'], 0, '--scope SCOPE'],
  ])('%j exits %i and prints help or version', async (argv, code, text) => {
    const result = await runCaptured(argv);
    expect(result.code).toBe(code);
    expect(result.stdout).toContain(text);
  });

  it.each([
    [[]],
    [['deploy-everything']],
    [['service']],
    [['service', 'explode']],
    [['project', 'get']],
    [['token', 'revoke', 'a', 'b']],
  ])('%j is bad usage: exit 2 with a usage text on stderr', async (argv) => {
    const result = await runCaptured(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^switchyard: error: /);
    expect(result.stderr).toContain('Usage:');
  });

  it('the top-level help lists every command', async () => {
    const { stdout } = await runCaptured(['--help']);
    for (const command of [
      'login',
      'service deploy',
      'service status',
      'service wait',
      'service logs',
      'service rollback',
      'service terminate',
      'service list',
      'service events',
      'service rotate-token',
      'service finish-rotation',
      'project create',
      'token revoke',
    ]) {
      expect(stdout).toContain(`  ${command} `);
    }
  });
});
