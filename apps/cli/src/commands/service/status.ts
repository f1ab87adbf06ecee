/** `switchyard service status`: one service, primary and canary side by side; --watch follows a rollout. */
import { booleanFlag, requiredString, type ParsedArgs } from '../../args/parse';
import type { Context } from '../../io';
import { json } from '../../output/table';
import { renderServiceStatus } from '../../output/service-view';
import { getService } from '../../progress/follow-rollout';
import { ProgressReporter } from '../../progress/reporter';
import { watchService } from '../../progress/watch-service';
import type { Command } from '../command';
import { connect, projectOf } from '../connect';

const usage = `Show a service: state, URL, and its primary and canary versions side by side
(traffic, target, health, ready/desired replicas per deployment).

Usage:
  switchyard service status -n NAME [--project P] [--json] [--watch]

Options:
  -n, --name NAME   the service
  --project P       the project (default: the CLI config's, else "default")
  --json            the API's answer as JSON
  --watch           follow the active rollout (a line per change), then print the status;
                    returns when no rollout is active

Examples:
  switchyard service status -n web
  switchyard service status -n web --project shop --json | jq .canary.current_weight
  switchyard service status -n web --watch
`;

export const statusCommand: Command = {
  summary: 'show a service, primary and canary side by side',
  usage,
  options: {
    name: { type: 'string', short: 'n' },
    project: { type: 'string' },
    json: { type: 'boolean' },
    watch: { type: 'boolean' },
  },
  run: status,
};

async function status(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = requiredString(args, 'name', '-n/--name');
  const { api, settings } = connect(ctx);
  const project = projectOf(args, settings);
  const wantJson = booleanFlag(args, 'json');
  let service = await getService(api, project, name);
  if (booleanFlag(args, 'watch') && service.active_rollout_id) {
    const reporter = new ProgressReporter(
      wantJson ? ctx.io.stderr : ctx.io.stdout,
      ctx.io.isTTY && !wantJson,
    );
    const watched = await watchService(
      ctx,
      api,
      { project, service: name },
      reporter,
      ({ service: s }) => !s.active_rollout_id,
    );
    reporter.finish();
    service = watched.step.service;
  }
  ctx.out(wantJson ? json(service) : renderServiceStatus(service));
  return 0;
}
