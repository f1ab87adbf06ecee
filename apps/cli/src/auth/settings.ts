/**
 * Where to talk to and as whom: `SWITCHYARD_API_URL` / `SWITCHYARD_TOKEN` win over the config
 * file written by `switchyard login`; the project is `--project`, else the file's `project`,
 * else `default` (what `npm start` seeds).
 */
import { CliError } from '../errors';
import type { RunOptions } from '../io';
import { configFilePath, readConfigFile, type StoredConfig } from './config-file';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';
export const DEFAULT_PROJECT = 'default';

export interface Settings {
  apiUrl: string;
  token: string | undefined;
  /** The project used when a command is not given `--project`. */
  project: string;
  configFile: string;
}

/** Pure: the precedence rules, given the environment and the file's contents. */
export function mergeSettings(
  env: Record<string, string | undefined>,
  stored: StoredConfig,
  configFile: string,
): Settings {
  const apiUrl = nonEmpty(env.SWITCHYARD_API_URL) ?? stored.api_url ?? DEFAULT_API_URL;
  return {
    apiUrl: checkedApiUrl(apiUrl),
    token: nonEmpty(env.SWITCHYARD_TOKEN) ?? stored.token,
    project: stored.project ?? DEFAULT_PROJECT,
    configFile,
  };
}

export function loadSettings(io: RunOptions): Settings {
  const file = configFilePath(io.env, io.homeDir);
  return mergeSettings(io.env, readConfigFile(file), file);
}

/** The token or exit 3, saying how to provide one. */
export function requireToken(settings: Settings): string {
  if (settings.token) return settings.token;
  throw new CliError(
    'unauthenticated',
    `no API token: set SWITCHYARD_TOKEN, or run \`switchyard login\` (stores it in ${settings.configFile})`,
  );
}

export function checkedApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError('usage', `the API URL "${value}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('usage', `the API URL "${value}" must be http:// or https://`);
  }
  return value.replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
