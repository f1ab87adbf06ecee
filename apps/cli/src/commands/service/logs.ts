/** `switchyard service logs`: the last lines of each replica of a version (local clouds). */
import { expectData } from '../../api/client';
import { booleanFlag, requiredString, stringFlag, type ParsedArgs } from '../../args/parse';
import { CliError } from '../../errors';
import type { Context } from '../../io';
import { json } from '../../output/table';
import type { Command } from '../command';
import { connect, projectOf } from '../connect';

const usage = `Show the last lines of stdout/stderr of each replica of a version.
Local clouds keep them; services on AWS or GCP log in your own account (exit 4).

Usage:
  switchyard service logs -n NAME [--project P] [--version V] [--replica ID] [--tail N] [--json]

Options:
  -n, --name NAME   the service
  --project P       the project (default: the CLI config's, else "default")
  --version V       a version name (default: the primary, else the newest version)
  --replica ID      one replica only
  --tail N          lines per replica, 1..10000 (default 100)
  --json            the API's answer as JSON

Examples:
  switchyard service logs -n web
  switchyard service logs -n web --version v2 --tail 20
`;

export const logsCommand: Command = {
  summary: 'show the last log lines of each replica of a version',
  usage,
  options: {
    name: { type: 'string', short: 'n' },
    project: { type: 'string' },
    version: { type: 'string' },
    replica: { type: 'string' },
    tail: { type: 'string' },
    json: { type: 'boolean' },
  },
  run: logs,
};

async function logs(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = requiredString(args, 'name', '-n/--name');
  const tailText = stringFlag(args, 'tail') ?? '100';
  const tail = Number(tailText);
  if (!Number.isInteger(tail) || tail < 1 || tail > 10_000)
    throw new CliError('usage', `--tail must be an integer from 1 to 10000, got "${tailText}"`);
  const version = stringFlag(args, 'version');
  const replica = stringFlag(args, 'replica');
  const { api, settings } = connect(ctx);
  const project = projectOf(args, settings);
  const answer = await expectData(
    api.client.GET('/v1/projects/{project}/services/{service}/logs', {
      params: {
        path: { project, service: name },
        query: { tail, ...(version ? { version } : {}), ...(replica ? { replica } : {}) },
      },
    }),
  );
  if (booleanFlag(args, 'json')) {
    ctx.out(json(answer));
    return 0;
  }
  if (answer.replicas.length === 0)
    ctx.out(`version ${answer.version}: no replica has written any output yet\n`);
  for (const r of answer.replicas) {
    ctx.out(`==> ${answer.version} ${r.replica_id} <==\n${r.lines.map((l) => `${l}\n`).join('')}`);
  }
  return 0;
}
