/**
 * Runs the `switchyard` executable from the repository root, as a CI job does: a real child
 * process, its exit code, stdout and stderr. Environment-only auth (no login file is read
 * from the user's home: XDG_CONFIG_HOME points at the caller's directory).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the invocation, ms. */
  ms: number;
}

export function runCli(
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(options.cwd, 'switchyard'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `switchyard ${args.join(' ')}: no exit within ${options.timeoutMs} ms\n${stdout}${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Throws with the CLI's whole output unless it exited 0. */
export function expectCliSuccess(result: CliResult, what: string): CliResult {
  if (result.code !== 0)
    throw new Error(
      `${what}: exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  return result;
}
