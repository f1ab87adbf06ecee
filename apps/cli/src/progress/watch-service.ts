/**
 * `service wait` and `service status --watch`: polls the service (and its active rollout, when
 * there is one) until `stop` says so or the deadline passes, reporting each change.
 */
import { expectData, type Api } from '../api/client';
import type { Rollout, RolloutDetail, Service } from '../api/types';
import { sleep, type Context } from '../io';
import { getRollout, getService } from './follow-rollout';
import type { ProgressReporter } from './reporter';
import { progressSnapshot, renderEvent, renderProgress } from './snapshot';

export interface WatchStep {
  service: Service;
  /** The rollout that was active at some point while watching (kept after it ends). */
  rollout: RolloutDetail | undefined;
}

export interface WatchResult {
  step: WatchStep;
  timedOut: boolean;
}

export async function watchService(
  ctx: Context,
  api: Api,
  target: { project: string; service: string },
  reporter: ProgressReporter,
  stop: (step: WatchStep) => boolean,
  deadline = Number.POSITIVE_INFINITY,
  options: { latestWhenIdle?: boolean } = {},
): Promise<WatchResult> {
  let tracked: string | undefined;
  let eventsShown = 0;
  let first = true;
  for (;;) {
    const service = await getService(api, target.project, target.service);
    // `latestWhenIdle`: nothing active at the first look means the rollout being waited for may
    // already be over (a fast rollback between `deploy` and `wait`): judge the latest one, so
    // the outcome does not depend on when the command started.
    if (first && options.latestWhenIdle && !service.active_rollout_id) {
      tracked = (await latestRollout(api, target))?.id;
      eventsShown = Number.MAX_SAFE_INTEGER; // its timeline is history, not progress
    }
    first = false;
    if (service.active_rollout_id && service.active_rollout_id !== tracked) {
      tracked = service.active_rollout_id;
      eventsShown = 0;
    }
    const rollout = tracked ? await getRollout(api, { ...target, rolloutId: tracked }) : undefined;
    if (rollout) {
      for (const event of rollout.events.slice(eventsShown)) reporter.note(renderEvent(event));
      eventsShown = Math.max(eventsShown, rollout.events.length);
      reporter.update(
        `service ${service.state}  ${renderProgress(progressSnapshot(rollout, service))}`,
      );
    } else reporter.update(`service ${service.state}`);
    const step = { service, rollout };
    if (stop(step)) return { step, timedOut: false };
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { step, timedOut: true };
    await sleep(Math.min(ctx.pollIntervalMs, remaining));
  }
}

async function latestRollout(
  api: Api,
  target: { project: string; service: string },
): Promise<Rollout | undefined> {
  const page = await expectData(
    api.client.GET('/v1/projects/{project}/services/{service}/rollouts', {
      params: { path: target, query: { limit: 1 } },
    }),
  );
  return page.data[0];
}
