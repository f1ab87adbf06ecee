/** `switchyard token list | create | revoke`: API tokens; a new token's secret is printed once. */
import { expectData } from '../api/client';
import { isTokenScope, TOKEN_SCOPES } from '../api/enums';
import { allPages } from '../api/pages';
import type { TokenScope } from '../api/types';
import {
  booleanFlag,
  integerFlag,
  listFlag,
  requiredString,
  stringFlag,
  usageError,
} from '../args/parse';
import { json, shortTime, table } from '../output/table';
import type { Command } from './command';
import { connect } from './connect';

export const tokenListCommand: Command = {
  summary: 'list API tokens (yours; admins: all)',
  usage: `List API tokens: your own, or every token of the organization for admins and owners.
Secrets are never listed.

Usage:
  switchyard token list [--json]

Examples:
  switchyard token list
`,
  options: { json: { type: 'boolean' } },
  async run(ctx, args) {
    const { api } = connect(ctx);
    const tokens = await allPages((cursor) =>
      expectData(api.client.GET('/v1/tokens', { params: { query: { limit: 100, cursor } } })),
    );
    if (booleanFlag(args, 'json')) ctx.out(json(tokens));
    else {
      ctx.out(
        table(
          ['ID', 'NAME', 'PREFIX', 'SCOPES', 'PROJECT', 'EXPIRES', 'LAST USED', 'REVOKED'],
          tokens.map((t) => [
            t.id,
            t.name,
            t.prefix,
            t.scopes.join(','),
            t.project ?? '*',
            shortTime(t.expires_at),
            shortTime(t.last_used_at),
            shortTime(t.revoked_at),
          ]),
        ),
      );
    }
    return 0;
  },
};

export const tokenCreateCommand: Command = {
  summary: 'create an API token (the secret is printed once)',
  usage: `Create an API token. Its secret is printed once: store it now.

Usage:
  switchyard token create --name NAME --scope SCOPE [--scope SCOPE]... [--project P]
                          [--expires-in-days N] [--json]

Options:
  --name NAME            what the token is for
  --scope SCOPE          ${TOKEN_SCOPES.join(', ')} (repeatable; DEPLOY needs member or higher)
  --project P            the token acts only inside this project
  --expires-in-days N    1–3650 (default: never)

Examples:
  switchyard token create --name ci-deploy --scope READ --scope DEPLOY --project shop
  switchyard token create --name ci --scope READ --scope DEPLOY --json | jq -r .secret
`,
  options: {
    name: { type: 'string' },
    scope: { type: 'string', multiple: true },
    project: { type: 'string' },
    'expires-in-days': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx, args) {
    const name = requiredString(args, 'name');
    const scopes = listFlag(args, 'scope').map((s) => s.toUpperCase());
    if (scopes.length === 0) throw usageError('at least one --scope is required', args.usage);
    const unknown = scopes.find((s) => !isTokenScope(s));
    if (unknown)
      throw usageError(
        `--scope must be one of ${TOKEN_SCOPES.join(', ')}, got "${unknown}"`,
        args.usage,
      );
    const project = stringFlag(args, 'project');
    const expires = integerFlag(args, 'expires-in-days', 1, 3650);
    const { api } = connect(ctx);
    const token = await expectData(
      api.client.POST('/v1/tokens', {
        body: {
          name,
          scopes: scopes as TokenScope[],
          ...(project !== undefined && { project }),
          ...(expires !== undefined && { expires_in_days: expires }),
        },
      }),
    );
    if (booleanFlag(args, 'json')) ctx.out(json(token));
    else {
      ctx.out(
        `created token "${token.name}" (${token.id}, scopes ${token.scopes.join(',')}${token.project ? `, project ${token.project}` : ''})\n`,
      );
      ctx.out(`secret (shown once, store it now): ${token.secret}\n`);
    }
    return 0;
  },
};

export const tokenRevokeCommand: Command = {
  summary: 'revoke an API token',
  usage: `Revoke an API token (yours; admins: anyone's). It answers 401 at once.

Usage:
  switchyard token revoke ID

Examples:
  switchyard token revoke 0192f0c4-8a7e-7c1d-9b1e-3f2a1c0d4e5f
`,
  options: {},
  positionals: ['id'],
  async run(ctx, args) {
    const id = args.positionals[0]!;
    const { api } = connect(ctx);
    await expectData(
      api.client.DELETE('/v1/tokens/{token_id}', { params: { path: { token_id: id } } }),
    );
    ctx.out(`revoked token ${id}\n`);
    return 0;
  },
};
