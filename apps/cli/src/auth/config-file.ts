/**
 * The user's CLI config, `$XDG_CONFIG_HOME/switchyard/config.json` (else
 * `~/.config/switchyard/config.json`), written by `switchyard login`. It holds a token, so
 * it is created 0600 in a 0700 directory, and replaced atomically (never half-written).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { CliError } from '../errors';

export interface StoredConfig {
  api_url?: string;
  token?: string;
  project?: string;
}

export function configFilePath(
  env: Record<string, string | undefined>,
  homeDir: string = homedir(),
): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.config');
  return path.join(base, 'switchyard', 'config.json');
}

/** The stored config, or `{}` when there is none; a file that is not a JSON object is a usage error. */
export function readConfigFile(file: string): StoredConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError('usage', `cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      'usage',
      `${file} is not valid JSON (${(error as Error).message}); fix it or run \`switchyard login\` again`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError('usage', `${file} must hold a JSON object; run \`switchyard login\` again`);
  }
  const stored: StoredConfig = {};
  for (const key of ['api_url', 'token', 'project'] as const) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'string' && field !== '') stored[key] = field;
  }
  return stored;
}

export function writeConfigFile(file: string, config: StoredConfig): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  // The mode given to writeFileSync is filtered by the umask; make sure it is exactly 0600.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
