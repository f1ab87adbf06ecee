import type { ReplicaRef, RolloutPlanInput, ScheduleInput } from '@switchyard/rollout';
import { toVersionSpec, type ServiceConfig } from '@switchyard/service-config';

export interface DeployOptions {
  canary_percent?: number;
  max_surge_percent?: number;
  in_place?: boolean;
  dry_run?: boolean;
}

export interface PlanContext {
  rolloutId: string;
  config: ServiceConfig;
  versionId: string;
  options: DeployOptions;
  pollIntervalS: number;
  primary: { versionId: string; config: ServiceConfig; replicas: ReplicaRef[] } | null;
  inPlaceMode?: 'light' | 'heavy';
}

/**
 * Translates a deploy (config + options) into the state machine's plan. The service config's
 * `rollout` section supplies the schedule and timings; the request's options choose manual
 * control, surge limits or in-place.
 */
export function buildPlanInput(ctx: PlanContext): RolloutPlanInput {
  const rollout = ctx.config.rollout;
  const timing = {
    timeoutS: rollout?.timeout_s,
    healthFailureThreshold: rollout?.health_failure_threshold,
    drainS: rollout?.drain_s,
    pollIntervalS: ctx.pollIntervalS,
  };
  const canary = toVersionSpec(ctx.config, ctx.versionId);
  if (!ctx.primary) return { strategy: 'INITIAL', rolloutId: ctx.rolloutId, canary, ...timing };
  const primary = toVersionSpec(ctx.primary.config, ctx.primary.versionId);
  if (ctx.options.in_place) {
    return {
      strategy: 'IN_PLACE',
      rolloutId: ctx.rolloutId,
      primary,
      canary,
      change: ctx.inPlaceMode === 'heavy' ? { mode: 'heavy', replicas: ctx.primary.replicas } : { mode: 'light' },
      ...timing,
    };
  }
  const schedule: ScheduleInput =
    ctx.options.canary_percent !== undefined
      ? { kind: 'manual', canaryPercent: ctx.options.canary_percent }
      : rollout?.schedule
        ? { kind: 'automatic', steps: rollout.schedule.map((s) => ({ percent: s.percent, holdS: s.hold_s })) }
        : { kind: 'automatic', ...(rollout?.hold_s !== undefined ? { holdS: rollout.hold_s } : {}) };
  return {
    strategy: 'CANARY',
    rolloutId: ctx.rolloutId,
    primary,
    canary,
    schedule,
    ...(ctx.options.max_surge_percent !== undefined ? { maxSurgePercent: ctx.options.max_surge_percent } : {}),
    ...timing,
  };
}

/** Plan problems name plan fields; callers know them as request fields. */
export function requestPathForPlanField(field: string): string {
  if (field.startsWith('maxSurge')) return 'body.options.max_surge_percent';
  if (field.startsWith('schedule.canaryPercent')) return 'body.options.canary_percent';
  if (field === 'schedule.holdS') return 'body.config.rollout.hold_s';
  if (field.startsWith('schedule')) return 'body.config.rollout.schedule';
  if (field.startsWith('timeoutS')) return 'body.config.rollout.timeout_s';
  if (field.startsWith('healthFailureThreshold')) return 'body.config.rollout.health_failure_threshold';
  if (field.startsWith('drainS')) return 'body.config.rollout.drain_s';
  return `body.config (${field})`;
}
