/**
 * Runs the CLI in-process (`run(argv, io)`) with captured output and a hermetic environment:
 * only what the test passes, a config dir of its own, fast polling and short retry waits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli';
import type { RetryPolicy } from '../../src/io';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Sees stdout and stderr as they are written (to wait for a line while the command runs). */
  onOutput?: (text: string) => void;
}

export const FAST_RETRY: Partial<RetryPolicy> = {
  attempts: 4,
  baseDelayMs: 50,
  maxDelayMs: 400,
  requestTimeoutMs: 10_000,
};

const created: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs(). */
export function tempDir(prefix = 'switchyard-cli-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** For afterAll: every directory tempDir() made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function cli(argv: string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const configHome = options.env?.XDG_CONFIG_HOME ?? tempDir('switchyard-config-');
  const code = await run(argv, {
    env: { XDG_CONFIG_HOME: configHome, ...options.env },
    stdout: { write: (text: string) => ((stdout += text), options.onOutput?.(text)) },
    stderr: { write: (text: string) => ((stderr += text), options.onOutput?.(text)) },
    isTTY: options.isTTY ?? false,
    homeDir: configHome,
    pollIntervalMs: 100,
    retry: options.retry ?? FAST_RETRY,
  });
  return { code, stdout, stderr };
}

/** Fails with the CLI's own output, so a wrong exit code explains itself. */
export function expectExit(result: CliRun, code: number): CliRun {
  if (result.code !== code) {
    throw new Error(
      `expected exit ${code}, got ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}
