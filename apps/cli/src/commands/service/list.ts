/** `switchyard service list`: the services of a project, optionally of one state. */
import { expectData } from '../../api/client';
import { isServiceState, SERVICE_STATES } from '../../api/enums';
import { allPages } from '../../api/pages';
import { booleanFlag, stringFlag, usageError, type ParsedArgs } from '../../args/parse';
import type { Context } from '../../io';
import { renderServiceList } from '../../output/service-view';
import { json } from '../../output/table';
import type { Command } from '../command';
import { connect, projectOf } from '../connect';

const usage = `List the services of a project.

Usage:
  switchyard service list [--project P] [--state STATE] [--json]

Options:
  --project P     the project (default: the CLI config's, else "default")
  --state STATE   only services in this state (${SERVICE_STATES.join(', ')})
  --json          the services as a JSON array

Examples:
  switchyard service list
  switchyard service list --project shop --state ROLLING_OUT --json
`;

export const listCommand: Command = {
  summary: 'list the services of a project',
  usage,
  options: { project: { type: 'string' }, state: { type: 'string' }, json: { type: 'boolean' } },
  run: list,
};

async function list(ctx: Context, args: ParsedArgs): Promise<number> {
  const state = stringFlag(args, 'state')?.toUpperCase();
  if (state !== undefined && !isServiceState(state))
    throw usageError(`--state must be one of ${SERVICE_STATES.join(', ')}`, args.usage);
  const { api, settings } = connect(ctx);
  const project = projectOf(args, settings);
  const services = await allPages((cursor) =>
    expectData(
      api.client.GET('/v1/projects/{project}/services', {
        params: { path: { project }, query: { limit: 100, cursor, state } },
      }),
    ),
  );
  if (booleanFlag(args, 'json')) ctx.out(json(services));
  else
    ctx.out(
      services.length
        ? renderServiceList(services)
        : `no services in project "${project}"${state ? ` in state ${state}` : ''}\n`,
    );
  return 0;
}
