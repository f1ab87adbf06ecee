/**
 * Commands that steer a service: `rollback` (optionally gradual, optionally followed to its
 * end), `canary-percent` (manual rollouts), `terminate`.
 */
import { expectData } from '../../api/client';
import type { CommandAccepted } from '../../api/types';
import {
  booleanFlag,
  integerFlag,
  requiredString,
  usageError,
  type ParsedArgs,
} from '../../args/parse';
import { CliError } from '../../errors';
import type { Context } from '../../io';
import { json } from '../../output/table';
import { followRollout } from '../../progress/follow-rollout';
import { ProgressReporter } from '../../progress/reporter';
import type { Command } from '../command';
import { connect, projectOf } from '../connect';

const target = {
  name: { type: 'string', short: 'n' },
  project: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const rollbackCommand: Command = {
  summary: 'roll the active rollout back to the primary',
  usage: `Roll the active rollout back: all traffic to the primary at once, or gradually with
--max-surge-percent. With --wait, exit 0 once it is ROLLED_BACK, 1 if it ends otherwise.

Usage:
  switchyard service rollback -n NAME [--project P] [--max-surge-percent N] [--wait] [--timeout-s S] [--json]

Examples:
  switchyard service rollback -n web
  switchyard service rollback -n web --max-surge-percent 25 --wait
`,
  options: {
    ...target,
    'max-surge-percent': { type: 'string' },
    wait: { type: 'boolean' },
    'timeout-s': { type: 'string' },
  },
  async run(ctx, args) {
    const name = requiredString(args, 'name', '-n/--name');
    const maxSurge = integerFlag(args, 'max-surge-percent', 1, 100);
    const timeoutS = integerFlag(args, 'timeout-s', 1, 7 * 24 * 3600) ?? 600;
    const { api, settings } = connect(ctx);
    const project = projectOf(args, settings);
    const accepted = await expectData(
      api.client.POST('/v1/projects/{project}/services/{service}/rollback', {
        params: { path: { project, service: name } },
        body: maxSurge === undefined ? {} : { max_surge_percent: maxSurge },
      }),
    );
    report(ctx, args, accepted);
    if (!booleanFlag(args, 'wait')) return 0;
    const reporter = new ProgressReporter(
      booleanFlag(args, 'json') ? ctx.io.stderr : ctx.io.stdout,
      ctx.io.isTTY && !booleanFlag(args, 'json'),
    );
    const followed = await followRollout(
      ctx,
      api,
      { project, service: name, rolloutId: accepted.rollout.id },
      Date.now() + timeoutS * 1000,
      reporter,
      { skipPastEvents: true },
    );
    reporter.finish();
    if (followed.ending === 'timeout')
      throw new CliError(
        'timeout',
        `timed out after ${timeoutS} s; rollout ${followed.rollout.id} is ${followed.rollout.state}`,
      );
    if (followed.rollout.state !== 'ROLLED_BACK') {
      throw new CliError(
        'rollout_failed',
        `rollout ${followed.rollout.id} ended ${followed.rollout.state}, not ROLLED_BACK: ${followed.rollout.reason ?? ''}`,
      );
    }
    (booleanFlag(args, 'json') ? ctx.err : ctx.out)(
      `rollout ${followed.rollout.id} ROLLED_BACK: ${followed.rollout.reason ?? ''}\n`,
    );
    return 0;
  },
};

export const canaryPercentCommand: Command = {
  summary: 'move a manual rollout to N% (100 completes it)',
  usage: `Move the active (manual) rollout to N% of traffic on the canary and pause there;
100 completes the rollout.

Usage:
  switchyard service canary-percent -n NAME --percent N [--project P] [--json]

Examples:
  switchyard service deploy -f service.yaml --canary-percent 10
  switchyard service canary-percent -n web --percent 50
  switchyard service canary-percent -n web --percent 100 && switchyard service wait -n web
`,
  options: { ...target, percent: { type: 'string' } },
  async run(ctx, args) {
    const name = requiredString(args, 'name', '-n/--name');
    const percent = integerFlag(args, 'percent', 0, 100);
    if (percent === undefined) throw usageError('--percent is required', args.usage);
    const { api, settings } = connect(ctx);
    const accepted = await expectData(
      api.client.POST('/v1/projects/{project}/services/{service}/canary-percent', {
        params: { path: { project: projectOf(args, settings), service: name } },
        body: { percent },
      }),
    );
    report(ctx, args, accepted);
    return 0;
  },
};

export const terminateCommand: Command = {
  summary: 'terminate a service (cancels an active rollout)',
  usage: `Terminate a service: every cluster stops and its URL stops answering; an active
rollout is cancelled.

Usage:
  switchyard service terminate -n NAME [--project P] [--json]

Examples:
  switchyard service terminate -n web
  switchyard service terminate -n web && switchyard service wait -n web --state TERMINATED
`,
  options: target,
  async run(ctx, args) {
    const name = requiredString(args, 'name', '-n/--name');
    const { api, settings } = connect(ctx);
    const service = await expectData(
      api.client.POST('/v1/projects/{project}/services/{service}/terminate', {
        params: { path: { project: projectOf(args, settings), service: name } },
      }),
    );
    ctx.out(
      booleanFlag(args, 'json')
        ? json(service)
        : `terminating "${service.name}" (${service.state})\n`,
    );
    return 0;
  },
};

function report(ctx: Context, args: ParsedArgs, accepted: CommandAccepted): void {
  const { rollout, command } = accepted;
  ctx.out(
    booleanFlag(args, 'json')
      ? json(accepted)
      : `${command.toLowerCase().replace(/_/g, ' ')} accepted for rollout ${rollout.id} of "${rollout.service}" (${rollout.state}, ${rollout.canary_weight}% on ${rollout.to_version})\n`,
  );
}
