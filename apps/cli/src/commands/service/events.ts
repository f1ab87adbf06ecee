/** `switchyard service events`: the timeline of the active (else the latest) rollout, or of --rollout ID. */
import { expectData } from '../../api/client';
import { booleanFlag, requiredString, stringFlag, type ParsedArgs } from '../../args/parse';
import { CliError } from '../../errors';
import type { Context } from '../../io';
import { renderRolloutTimeline } from '../../output/service-view';
import { json } from '../../output/table';
import { getRollout, getService } from '../../progress/follow-rollout';
import type { Command } from '../command';
import { connect, projectOf } from '../connect';

const usage = `Show a rollout's timeline: every transition with its reason.

Usage:
  switchyard service events -n NAME [--project P] [--rollout ID] [--json]

Options:
  -n, --name NAME   the service
  --project P       the project (default: the CLI config's, else "default")
  --rollout ID      this rollout (default: the active one, else the latest)
  --json            the rollout with its events as JSON

Examples:
  switchyard service events -n web
  switchyard service events -n web --rollout 0192f0c4-8a7e-7c1d-9b1e-3f2a1c0d4e5f --json
`;

export const eventsCommand: Command = {
  summary: "show the active or latest rollout's timeline",
  usage,
  options: {
    name: { type: 'string', short: 'n' },
    project: { type: 'string' },
    rollout: { type: 'string' },
    json: { type: 'boolean' },
  },
  run: events,
};

async function events(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = requiredString(args, 'name', '-n/--name');
  const { api, settings } = connect(ctx);
  const project = projectOf(args, settings);
  const rolloutId =
    stringFlag(args, 'rollout') ?? (await activeOrLatestRollout(api, project, name));
  const rollout = await getRollout(api, { project, service: name, rolloutId });
  ctx.out(booleanFlag(args, 'json') ? json(rollout) : renderRolloutTimeline(rollout));
  return 0;
}

async function activeOrLatestRollout(
  api: ReturnType<typeof connect>['api'],
  project: string,
  service: string,
): Promise<string> {
  const current = await getService(api, project, service);
  if (current.active_rollout_id) return current.active_rollout_id;
  const page = await expectData(
    api.client.GET('/v1/projects/{project}/services/{service}/rollouts', {
      params: { path: { project, service }, query: { limit: 1 } },
    }),
  );
  const latest = page.data[0];
  if (!latest) throw new CliError('not_found', `service "${service}" has no rollouts`);
  return latest.id;
}
