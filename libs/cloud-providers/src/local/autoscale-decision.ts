/**
 * The autoscaling decision for one deployment, as Ray Serve's default policy makes it: enough
 * replicas for every one to carry `target_ongoing_requests`, clamped to [min, max], applied only
 * once the wish has held for `upscale_delay_s` (up) or `downscale_delay_s` (down), so a burst
 * does not thrash. From zero the first request scales up at once (a cold start is slow enough).
 * Pure: time comes in as `now`.
 *
 *   load 9, target 2, current 2, bounds [1, 4] → want min(ceil(9/2), 4) = 4: pending up; after
 *   the upscale delay → 4.  Load 0, bounds [0, 4] → want 0: pending down; after the delay → 0.
 */
import type { AutoscalingPolicy, PendingScale } from './records';

export interface AutoscaleInput {
  current: number;
  min: number;
  max: number;
  policy: AutoscalingPolicy;
  /** Requests in flight on the deployment's serving replicas plus requests queued for it. */
  load: number;
  pending: PendingScale | null;
  now: number;
}

export interface AutoscaleOutcome {
  desired: number;
  pending: PendingScale | null;
}

export function wantedReplicas(load: number, target: number, min: number, max: number): number {
  const raw = load <= 0 ? 0 : Math.ceil(load / target - 1e-9);
  return Math.min(Math.max(raw, min), Math.max(max, min));
}

export function decideReplicas(input: AutoscaleInput): AutoscaleOutcome {
  const { current, policy, now } = input;
  const want = wantedReplicas(input.load, policy.targetOngoingRequests, input.min, input.max);
  if (want === current) return { desired: current, pending: null };
  if (current === 0 && want > 0) return { desired: want, pending: null }; // cold start: no delay
  const direction = want > current ? 'up' : 'down';
  const delayMs = 1000 * (direction === 'up' ? policy.upscaleDelayS : policy.downscaleDelayS);
  const since = input.pending?.direction === direction ? input.pending.since : now;
  if (now - since >= delayMs) return { desired: want, pending: null };
  return { desired: current, pending: { direction, since } };
}
