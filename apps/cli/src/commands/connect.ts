/** The API client for a command, with the settings it came from (env > config file). */
import { createApi, type Api } from '../api/client';
import { loadSettings, requireToken, type Settings } from '../auth/settings';
import { stringFlag, type ParsedArgs } from '../args/parse';
import type { Context } from '../io';

export interface Connection {
  api: Api;
  settings: Settings;
}

export function connect(ctx: Context): Connection {
  const settings = loadSettings(ctx.io);
  return { api: createApi(ctx, settings.apiUrl, requireToken(settings)), settings };
}

/** `--project`, else the config file's project, else `default`. */
export function projectOf(args: ParsedArgs, settings: Settings): string {
  return stringFlag(args, 'project') ?? settings.project;
}
