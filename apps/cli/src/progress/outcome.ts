/**
 * What a followed rollout means for CI: exit 0 only when it SUCCEEDED; ROLLED_BACK, FAILED,
 * CANCELLED or a passed deadline are exit 1, with the rollout's reason and its last events.
 */
import { CliError } from '../errors';
import type { RolloutDetail } from '../api/types';
import type { FollowResult } from './follow-rollout';
import { renderEvent } from './snapshot';

const LAST_EVENTS = 5;

/** Returns the success line, or throws the failure (exit 1). */
export function rolloutOutcome(result: FollowResult, timeoutS: number): string {
  const { rollout } = result;
  if (result.ending === 'timeout') {
    throw new CliError(
      'timeout',
      `timed out after ${timeoutS} s waiting for rollout ${rollout.id} of "${rollout.service}" (still ${rollout.state}, ${rollout.to_version} at ${rollout.canary_weight}%); it goes on on the server — \`switchyard service rollback -n ${rollout.service}\` stops it`,
      lastEvents(rollout),
    );
  }
  if (rollout.state === 'SUCCEEDED') {
    return `rollout ${rollout.id} SUCCEEDED: ${rollout.to_version} of "${rollout.service}" serves ${rollout.canary_weight}% of traffic\n`;
  }
  throw new CliError(
    'rollout_failed',
    `rollout ${rollout.id} of "${rollout.service}" ended ${rollout.state}: ${rollout.reason ?? 'no reason given'}`,
    lastEvents(rollout),
  );
}

function lastEvents(rollout: RolloutDetail): string[] {
  if (rollout.events.length === 0) return [];
  return [
    'last events:',
    ...rollout.events.slice(-LAST_EVENTS).map((e) => `  ${e.created_at} ${renderEvent(e)}`),
  ];
}
