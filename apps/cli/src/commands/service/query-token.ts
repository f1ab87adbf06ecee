/**
 * Query-token rotation: `rotate-token` issues a new token for the service's callers (shown
 * once) while the old one keeps working; `finish-rotation` stops accepting the old one.
 */
import { expectData } from '../../api/client';
import { booleanFlag, requiredString } from '../../args/parse';
import { json } from '../../output/table';
import type { Command } from '../command';
import { connect, projectOf } from '../connect';

const options = {
  name: { type: 'string', short: 'n' },
  project: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const rotateTokenCommand: Command = {
  summary: 'issue a new query token (the current one stays valid until finish-rotation)',
  usage: `Issue a new query token for the service's callers. It is printed once; the current
token keeps working until \`switchyard service finish-rotation\`.

Usage:
  switchyard service rotate-token -n NAME [--project P] [--json]

Examples:
  switchyard service rotate-token -n web
  switchyard service rotate-token -n web --json | jq -r .query_token
`,
  options,
  async run(ctx, args) {
    const service = requiredString(args, 'name', '-n/--name');
    const { api, settings } = connect(ctx);
    const rotation = await expectData(
      api.client.POST('/v1/projects/{project}/services/{service}/query-token/rotate', {
        params: { path: { project: projectOf(args, settings), service } },
      }),
    );
    if (booleanFlag(args, 'json')) ctx.out(json(rotation));
    else {
      ctx.out(`new query token (shown once, store it now): ${rotation.query_token}\n`);
      ctx.out(
        `the previous token stays valid until: switchyard service finish-rotation -n ${service}\n`,
      );
    }
    return 0;
  },
};

export const finishRotationCommand: Command = {
  summary: 'stop accepting the previous query token',
  usage: `Finish a query-token rotation: the previous token stops working at once.

Usage:
  switchyard service finish-rotation -n NAME [--project P] [--json]

Examples:
  switchyard service finish-rotation -n web
`,
  options,
  async run(ctx, args) {
    const service = requiredString(args, 'name', '-n/--name');
    const { api, settings } = connect(ctx);
    const updated = await expectData(
      api.client.POST('/v1/projects/{project}/services/{service}/query-token/finish-rotation', {
        params: { path: { project: projectOf(args, settings), service } },
      }),
    );
    ctx.out(
      booleanFlag(args, 'json')
        ? json(updated)
        : `rotation finished: only the new query token of "${service}" is accepted\n`,
    );
    return 0;
  },
};
