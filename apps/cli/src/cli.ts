/**
 * The `switchyard` CLI entry. The commands CI systems use (service deploy/status/wait/…)
 * arrive with their issue; until then it answers `--version` and `--help`, and refuses
 * anything else with exit code 2 (bad usage), as documented in the README.
 */
export const CLI_VERSION = '0.1.0';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const HELP = `switchyard — deploy and roll out services on Switchyard

Usage:
  switchyard --version     print the CLI version
  switchyard --help        this help

Environment:
  SWITCHYARD_API_URL       the API, e.g. http://127.0.0.1:8080
  SWITCHYARD_TOKEN         an API token (sy_…)
`;

export function runCli(argv: string[]): CliResult {
  const [first] = argv;
  if (first === '--version' || first === '-v') return { exitCode: 0, stdout: `${CLI_VERSION}\n`, stderr: '' };
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    return { exitCode: first === undefined ? 2 : 0, stdout: first === undefined ? '' : HELP, stderr: first === undefined ? HELP : '' };
  }
  return { exitCode: 2, stdout: '', stderr: `switchyard: unknown command "${first}"\n\n${HELP}` };
}
