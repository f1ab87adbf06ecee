/**
 * `switchyard service deploy`: validate the config locally, POST it with an Idempotency-Key
 * (the same on every retry), print the rollout (and the query token, once), and with --wait
 * follow the rollout to its end.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expectResponse } from '../../api/client';
import type { DeployResult } from '../../api/types';
import {
  booleanFlag,
  integerFlag,
  keyValueFlags,
  requiredString,
  stringFlag,
  usageError,
  type ParsedArgs,
} from '../../args/parse';
import { CliError } from '../../errors';
import type { Context } from '../../io';
import { json } from '../../output/table';
import { loadDeployConfig } from '../../deploy/service-config';
import { followRollout } from '../../progress/follow-rollout';
import { rolloutOutcome } from '../../progress/outcome';
import { ProgressReporter } from '../../progress/reporter';
import type { Command } from '../command';
import { connect } from '../connect';

/** What the API accepts in an Idempotency-Key header. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const DEFAULT_TIMEOUT_S = 7200;

const usage = `Deploy a service: its first version, or an update rolled out as a canary.

Usage:
  switchyard service deploy -f FILE [-n NAME] [--project P] [--cloud C] [--version-name V]
                            [--canary-percent N] [--max-surge-percent N] [--in-place] [--dry-run]
                            [--env K=V]... [--wait] [--timeout-s S] [--idempotency-key K] [--json]

Options:
  -f, --config-file FILE    the service config (YAML or JSON); checked before anything is sent
  -n, --name NAME           the service name (overrides the config's name)
  --project P               the project (default: the config's project, else the CLI config's, else "default")
  --cloud C                 the cloud (overrides the config's cloud)
  --version-name V          the new version's name (default: v1, v2, …)
  --env K=V                 set an environment variable of every application (repeatable)
  --canary-percent N        manual rollout: move to N% and pause (disables automatic rollback)
  --max-surge-percent N     constrained rollout: total capacity never above 100+N %
  --in-place                update the running cluster (not with --canary-percent/--max-surge-percent)
  --dry-run                 validate, estimate the cost (hourly, and of the rollout) and check quotas;
                            create nothing
  --wait                    follow the rollout; exit 0 when it SUCCEEDED, 1 otherwise
  --timeout-s S             with --wait, give up after S seconds (default ${DEFAULT_TIMEOUT_S}); exit 1
  --idempotency-key K       reuse K when a CI job reruns: same key and config → same rollout
                            (default: a new key per run, reused by this run's retries)
  --json                    print the API's answer (and the outcome with --wait) as JSON

Examples:
  switchyard service deploy -f service.yaml --wait
  switchyard service deploy -f service.yaml -n web --project shop --max-surge-percent 25 --wait --timeout-s 900
  switchyard service deploy -f service.yaml --canary-percent 10
  switchyard service deploy -f service.yaml --max-surge-percent 25 --dry-run
  switchyard service deploy -f service.yaml --env LOG_LEVEL=debug --idempotency-key "ci-$CI_PIPELINE_ID"
`;

export const deployCommand: Command = {
  summary: 'deploy a service (first version or canary update)',
  usage,
  options: {
    'config-file': { type: 'string', short: 'f' },
    name: { type: 'string', short: 'n' },
    project: { type: 'string' },
    cloud: { type: 'string' },
    'version-name': { type: 'string' },
    env: { type: 'string', multiple: true },
    'canary-percent': { type: 'string' },
    'max-surge-percent': { type: 'string' },
    'in-place': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    wait: { type: 'boolean' },
    'timeout-s': { type: 'string' },
    'idempotency-key': { type: 'string' },
    json: { type: 'boolean' },
  },
  run: deploy,
};

async function deploy(ctx: Context, args: ParsedArgs): Promise<number> {
  const file = requiredString(args, 'config-file', '-f/--config-file');
  const options = deployOptions(args);
  const timeoutS = integerFlag(args, 'timeout-s', 1, 7 * 24 * 3600) ?? DEFAULT_TIMEOUT_S;
  const idempotencyKey = stringFlag(args, 'idempotency-key') ?? `cli-${randomUUID()}`;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey))
    throw usageError('--idempotency-key: 1–200 characters of A-Z a-z 0-9 . _ : -', args.usage);
  const wantJson = booleanFlag(args, 'json');

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      'usage',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const loaded = loadDeployConfig(text, file, {
    name: stringFlag(args, 'name'),
    versionName: stringFlag(args, 'version-name'),
    cloud: stringFlag(args, 'cloud'),
    project: stringFlag(args, 'project'),
    env: keyValueFlags(args, 'env'),
  });
  if (!loaded.ok)
    throw new CliError(
      'invalid_config',
      `${file}: invalid service config, nothing was deployed`,
      loaded.problems,
    );
  const { config } = loaded;

  const { api, settings } = connect(ctx);
  const project = config.project ?? settings.project;
  const pending = api.client.POST('/v1/projects/{project}/services/{service}/deploy', {
    params: {
      path: { project, service: config.name },
      header: { 'Idempotency-Key': idempotencyKey },
    },
    body: { config, options },
  });
  const { data: result, response } = await expectResponse<DeployResult>(pending);
  const replayed = api.attemptsFor(response) > 1;
  if (result.dry_run) {
    ctx.out(wantJson ? json(result) : describeDryRun(result, project));
    return 0;
  }

  // Progress and notes go to stderr under --json, so stdout stays one JSON document.
  const note = wantJson ? ctx.err : ctx.out;
  note(describeDeploy(result, project, idempotencyKey));
  if (result.query_token) {
    note(`query token (shown once, store it now): ${result.query_token}\n`);
  } else if (
    replayed &&
    result.rollout.strategy === 'INITIAL' &&
    result.service.query_auth_enabled
  ) {
    note(
      `the first answer was lost in transit; this replay cannot show the query token again: \`switchyard service rotate-token -n ${config.name}\` issues a new one\n`,
    );
  }
  if (!booleanFlag(args, 'wait')) {
    if (wantJson) ctx.out(json(result));
    else ctx.out(`follow it: switchyard service wait -n ${config.name} --project ${project}\n`);
    return 0;
  }

  const reporter = new ProgressReporter(
    wantJson ? ctx.io.stderr : ctx.io.stdout,
    ctx.io.isTTY && !wantJson,
  );
  const ref = { project, service: config.name, rolloutId: result.rollout.id };
  const followed = await followRollout(ctx, api, ref, Date.now() + timeoutS * 1000, reporter);
  reporter.finish();
  if (wantJson)
    ctx.out(
      json({
        ...result,
        outcome: followed.ending === 'timeout' ? 'TIMED_OUT' : followed.rollout.state,
        rollout: followed.rollout,
        service: followed.service,
      }),
    );
  note(rolloutOutcome(followed, timeoutS));
  return 0;
}

function deployOptions(args: ParsedArgs) {
  const canaryPercent = integerFlag(args, 'canary-percent', 0, 100);
  const maxSurgePercent = integerFlag(args, 'max-surge-percent', 1, 100);
  const inPlace = booleanFlag(args, 'in-place');
  if (inPlace && (canaryPercent !== undefined || maxSurgePercent !== undefined)) {
    throw usageError(
      '--in-place cannot be combined with --canary-percent or --max-surge-percent',
      args.usage,
    );
  }
  return {
    ...(canaryPercent !== undefined && { canary_percent: canaryPercent }),
    ...(maxSurgePercent !== undefined && { max_surge_percent: maxSurgePercent }),
    ...(inPlace && { in_place: true }),
    ...(booleanFlag(args, 'dry-run') && { dry_run: true }),
  };
}

/** What a dry run found: the rollout it would start, its cost, and soft-quota warnings. */
function describeDryRun(result: DeployResult, project: string): string {
  const { rollout, version, service, cost_estimate: cost } = result;
  const lines = [
    `dry run, nothing was created: "${service.name}" ${version.name} in project "${project}" would start a rollout (${rollout.strategy})`,
    `  steady state: $${cost.steady_hourly_usd}/hour`,
    `  the rollout: $${cost.rollout_usd} over ${cost.rollout_duration_s} s, peak ${cost.peak_instances} instances, ${cost.peak_gpus} GPUs`,
  ];
  if (cost.unpriced_instance_types.length > 0)
    lines.push(
      `  no price for ${cost.unpriced_instance_types.join(', ')}: the estimate is a lower bound`,
    );
  for (const warning of result.quota_warnings) lines.push(`  warning: ${warning.message}`);
  return lines.join('\n') + '\n';
}

function describeDeploy(result: DeployResult, project: string, idempotencyKey: string): string {
  const { rollout, version, service } = result;
  const from = rollout.from_version ? ` from ${rollout.from_version}` : '';
  return `deploying "${service.name}" ${version.name}${from} in project "${project}": rollout ${rollout.id} (${rollout.strategy}, ${rollout.state}), idempotency key ${idempotencyKey}\n`;
}
