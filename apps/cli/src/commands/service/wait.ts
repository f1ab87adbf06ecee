/**
 * `switchyard service wait`: until the service reaches a state (RUNNING by default) with no
 * rollout active. The service's latest rollout (the active one, else the last to end) ending
 * otherwise than SUCCEEDED is exit 1, like `deploy --wait`, so `deploy` then `wait` in two CI
 * steps is as strict as `deploy --wait` however quickly the rollout ended.
 */
import { isServiceState, isTerminalRolloutState, SERVICE_STATES } from '../../api/enums';
import type { ServiceState } from '../../api/types';
import {
  booleanFlag,
  integerFlag,
  requiredString,
  stringFlag,
  usageError,
  type ParsedArgs,
} from '../../args/parse';
import { CliError } from '../../errors';
import type { Context } from '../../io';
import { json } from '../../output/table';
import { rolloutOutcome } from '../../progress/outcome';
import { ProgressReporter } from '../../progress/reporter';
import { watchService, type WatchStep } from '../../progress/watch-service';
import type { Command } from '../command';
import { connect, projectOf } from '../connect';

const DEFAULT_TIMEOUT_S = 600;
/** States a service does not leave by itself: waiting for another one is pointless. */
const DEAD_ENDS: readonly ServiceState[] = ['TERMINATED', 'SYSTEM_FAILURE'];

const usage = `Wait until a service reaches a state with no rollout active.
Exit 0 when it does; 1 when its latest rollout (the active one, else the last one to end)
ends ROLLED_BACK, FAILED or CANCELLED, when it reaches TERMINATED or SYSTEM_FAILURE instead,
or when the timeout passes.

Usage:
  switchyard service wait -n NAME [--project P] [--state STATE] [--timeout-s S] [--json]

Options:
  -n, --name NAME   the service
  --project P       the project (default: the CLI config's, else "default")
  --state STATE     the state to wait for (default RUNNING; one of ${SERVICE_STATES.join(', ')})
  --timeout-s S     give up after S seconds (default ${DEFAULT_TIMEOUT_S})
  --json            print the final service as JSON (progress goes to stderr)

Examples:
  switchyard service deploy -f service.yaml && switchyard service wait -n web
  switchyard service wait -n web --state TERMINATED --timeout-s 120
`;

export const waitCommand: Command = {
  summary: 'wait until a service reaches a state (RUNNING by default)',
  usage,
  options: {
    name: { type: 'string', short: 'n' },
    project: { type: 'string' },
    state: { type: 'string' },
    'timeout-s': { type: 'string' },
    json: { type: 'boolean' },
  },
  run: waitForService,
};

async function waitForService(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = requiredString(args, 'name', '-n/--name');
  const state = (stringFlag(args, 'state') ?? 'RUNNING').toUpperCase();
  if (!isServiceState(state))
    throw usageError(`--state must be one of ${SERVICE_STATES.join(', ')}`, args.usage);
  const timeoutS = integerFlag(args, 'timeout-s', 1, 7 * 24 * 3600) ?? DEFAULT_TIMEOUT_S;
  const wantJson = booleanFlag(args, 'json');
  const { api, settings } = connect(ctx);
  const project = projectOf(args, settings);

  // Waiting for the end of a service, a cancelled rollout is expected, not a failure.
  const endingService = state === 'TERMINATED' || state === 'TERMINATING';
  const rolloutFailed = ({ rollout }: WatchStep) =>
    !endingService &&
    !!rollout &&
    isTerminalRolloutState(rollout.state) &&
    rollout.state !== 'SUCCEEDED';
  const reached = ({ service }: WatchStep) => service.state === state && !service.active_rollout_id;
  const deadEnd = ({ service }: WatchStep) =>
    service.state !== state && DEAD_ENDS.includes(service.state);
  const reporter = new ProgressReporter(
    wantJson ? ctx.io.stderr : ctx.io.stdout,
    ctx.io.isTTY && !wantJson,
  );
  const { step, timedOut } = await watchService(
    ctx,
    api,
    { project, service: name },
    reporter,
    (s) => rolloutFailed(s) || reached(s) || deadEnd(s),
    Date.now() + timeoutS * 1000,
    { latestWhenIdle: true },
  );
  reporter.finish();
  if (wantJson) ctx.out(json(step.service));
  if (step.rollout && rolloutFailed(step))
    rolloutOutcome({ ending: 'finished', rollout: step.rollout, service: step.service }, timeoutS);
  if (reached(step)) {
    (wantJson ? ctx.err : ctx.out)(`service "${name}" is ${state}\n`);
    return 0;
  }
  if (timedOut) {
    throw new CliError(
      'timeout',
      `timed out after ${timeoutS} s waiting for "${name}" to be ${state} (it is ${step.service.state}${step.service.active_rollout_id ? `, rollout ${step.service.active_rollout_id} active` : ''})`,
    );
  }
  throw new CliError(
    'rollout_failed',
    `service "${name}" is ${step.service.state}; it will not become ${state}`,
  );
}
