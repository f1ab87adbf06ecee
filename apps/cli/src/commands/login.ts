/**
 * `switchyard login`: checks a token against GET /v1/me, then stores the API URL, the token
 * (and a default project) in the user's config file, mode 0600. Nothing is written when the
 * token does not work. SWITCHYARD_API_URL / SWITCHYARD_TOKEN still win over the file later.
 */
import { expectData, createApi } from '../api/client';
import { configFilePath, readConfigFile, writeConfigFile } from '../auth/config-file';
import { promptHidden, readAllStdin } from '../auth/read-token';
import { checkedApiUrl, DEFAULT_API_URL } from '../auth/settings';
import { booleanFlag, stringFlag, usageError } from '../args/parse';
import type { Command } from './command';

export const loginCommand: Command = {
  summary: 'check a token and store it in the user config (mode 0600)',
  usage: `Check an API token against the API (GET /v1/me) and store it, with the API URL and an
optional default project, in $XDG_CONFIG_HOME/switchyard/config.json (else
~/.config/switchyard/config.json), mode 0600. SWITCHYARD_API_URL and SWITCHYARD_TOKEN,
when set, win over the file.

Usage:
  switchyard login [--api-url URL] [--token TOKEN | --token-stdin] [--project P]

Options:
  --api-url URL    the API (default: SWITCHYARD_API_URL, else the stored one, else ${DEFAULT_API_URL})
  --token TOKEN    the token (visible in the process list: prefer --token-stdin)
  --token-stdin    read the token from stdin
  --project P      the project commands use when not given --project

Without --token or --token-stdin, the token is asked for on the terminal (not echoed).

Examples:
  switchyard login --api-url https://switchyard.example.com
  echo "$SWITCHYARD_DEPLOY_TOKEN" | switchyard login --token-stdin --project shop
`,
  options: {
    'api-url': { type: 'string' },
    token: { type: 'string' },
    'token-stdin': { type: 'boolean' },
    project: { type: 'string' },
  },
  async run(ctx, args) {
    const file = configFilePath(ctx.io.env, ctx.io.homeDir);
    const stored = readConfigFile(file);
    const apiUrl = checkedApiUrl(
      stringFlag(args, 'api-url') ??
        (ctx.io.env.SWITCHYARD_API_URL || undefined) ??
        stored.api_url ??
        DEFAULT_API_URL,
    );
    const project = stringFlag(args, 'project') ?? stored.project;

    let token = stringFlag(args, 'token');
    if (token !== undefined && booleanFlag(args, 'token-stdin'))
      throw usageError('give --token or --token-stdin, not both', args.usage);
    if (token === undefined && ctx.io.stdin) {
      if (booleanFlag(args, 'token-stdin')) token = await readAllStdin(ctx.io.stdin);
      else if (ctx.io.stdin.isTTY) token = await promptHidden(ctx.io, `API token for ${apiUrl}: `);
    }
    if (!token)
      throw usageError(
        'no token: give --token TOKEN, --token-stdin, or run on a terminal to be asked',
        args.usage,
      );

    const me = await expectData(createApi(ctx, apiUrl, token).client.GET('/v1/me'));
    writeConfigFile(file, { api_url: apiUrl, token, ...(project !== undefined && { project }) });
    ctx.out(
      `logged in to ${apiUrl} as ${me.user.email} (${me.role} of "${me.organization.slug}", token "${me.token.name}", scopes ${me.token.scopes.join(',')})\n`,
    );
    ctx.out(`saved to ${file} (mode 0600)${project ? `; default project "${project}"` : ''}\n`);
    return 0;
  },
};
