/**
 * `--wait`: polls GET service + GET rollout until the rollout ends or the deadline passes,
 * reporting each change (and each new event) as it goes.
 */
import { expectData, type Api } from '../api/client';
import { isTerminalRolloutState } from '../api/enums';
import type { RolloutDetail, Service } from '../api/types';
import { sleep, type Context } from '../io';
import type { ProgressReporter } from './reporter';
import { progressSnapshot, renderEvent, renderProgress } from './snapshot';

export interface RolloutRef {
  project: string;
  service: string;
  rolloutId: string;
}

export interface FollowResult {
  /** `finished`: the rollout reached a terminal state; `timeout`: the deadline passed first. */
  ending: 'finished' | 'timeout';
  rollout: RolloutDetail;
  service: Service;
}

export function getService(api: Api, project: string, service: string): Promise<Service> {
  return expectData(
    api.client.GET('/v1/projects/{project}/services/{service}', {
      params: { path: { project, service } },
    }),
  );
}

export function getRollout(api: Api, ref: RolloutRef): Promise<RolloutDetail> {
  return expectData(
    api.client.GET('/v1/projects/{project}/services/{service}/rollouts/{rollout_id}', {
      params: { path: { project: ref.project, service: ref.service, rollout_id: ref.rolloutId } },
    }),
  );
}

/** `skipPastEvents`: print only events that happen from now on (a rollback of a long rollout). */
export async function followRollout(
  ctx: Context,
  api: Api,
  ref: RolloutRef,
  deadline: number,
  reporter: ProgressReporter,
  options: { skipPastEvents?: boolean } = {},
): Promise<FollowResult> {
  let eventsShown: number | undefined = options.skipPastEvents ? undefined : 0;
  for (;;) {
    const [service, rollout] = await Promise.all([
      getService(api, ref.project, ref.service),
      getRollout(api, ref),
    ]);
    eventsShown ??= rollout.events.length;
    for (const event of rollout.events.slice(eventsShown)) reporter.note(renderEvent(event));
    eventsShown = Math.max(eventsShown, rollout.events.length);
    reporter.update(renderProgress(progressSnapshot(rollout, service)));
    if (isTerminalRolloutState(rollout.state)) return { ending: 'finished', rollout, service };
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { ending: 'timeout', rollout, service };
    await sleep(Math.min(ctx.pollIntervalMs, remaining));
  }
}
