/** Plan validation and defaults: `RolloutPlanInput` (from the API) → `RolloutPlan` (stored). */
import type { RolloutPlanProblem } from './errors';
import type {
  RolloutPlan,
  RolloutPlanInput,
  RolloutTiming,
  RolloutTimingInput,
  VersionSpec,
} from './plan-types';
import { normalizeSchedule } from './schedule';

export const DEFAULT_TIMEOUT_S = 7200;
export const DEFAULT_HEALTH_FAILURE_THRESHOLD = 3;
export const DEFAULT_POLL_INTERVAL_S = 5;
export const DEFAULT_DRAIN_S = 30;

export type PlanValidation =
  { ok: true; plan: RolloutPlan } | { ok: false; problems: RolloutPlanProblem[] };

export function normalizePlan(input: RolloutPlanInput): PlanValidation {
  const problems: RolloutPlanProblem[] = [];
  const timing = normalizeTiming(input, problems);
  validateVersion(input.canary, 'canary', problems);
  let plan: RolloutPlan;
  switch (input.strategy) {
    case 'INITIAL':
      plan = { strategy: 'INITIAL', rolloutId: input.rolloutId, canary: input.canary, ...timing };
      break;
    case 'CANARY':
      validateVersion(input.primary, 'primary', problems);
      validateSurge(input.maxSurgePercent, 'maxSurgePercent', problems);
      plan = {
        strategy: 'CANARY',
        rolloutId: input.rolloutId,
        primary: input.primary,
        canary: input.canary,
        schedule: normalizeSchedule(input.schedule, problems),
        maxSurgePercent: input.maxSurgePercent ?? null,
        ...timing,
      };
      break;
    case 'IN_PLACE':
      validateVersion(input.primary, 'primary', problems);
      if (input.canaryPercent !== undefined) {
        problems.push({
          code: 'IN_PLACE_WITH_CANARY_PERCENT',
          field: 'canaryPercent',
          message: 'an in-place update cannot be combined with canary_percent',
        });
      }
      if (input.maxSurgePercent !== undefined) {
        problems.push({
          code: 'IN_PLACE_WITH_MAX_SURGE',
          field: 'maxSurgePercent',
          message: 'an in-place update cannot be combined with max_surge_percent',
        });
      }
      plan = {
        strategy: 'IN_PLACE',
        rolloutId: input.rolloutId,
        primary: input.primary,
        canary: input.canary,
        change: input.change,
        ...timing,
      };
      break;
    default: {
      const _exhaustive: never = input;
      return _exhaustive;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}

/** A surge is an integer percentage 1..100 (rollout option or gradual rollback option). */
export function validateSurge(
  surge: number | undefined,
  field: string,
  problems: RolloutPlanProblem[],
): void {
  if (surge === undefined) return;
  if (!Number.isInteger(surge) || surge < 1 || surge > 100) {
    problems.push({
      code: 'INVALID_SURGE',
      field,
      message: `must be an integer 1..100, got ${surge}`,
    });
  }
}

function normalizeTiming(input: RolloutTimingInput, problems: RolloutPlanProblem[]): RolloutTiming {
  const timing: RolloutTiming = {
    timeoutS: input.timeoutS ?? DEFAULT_TIMEOUT_S,
    healthFailureThreshold: input.healthFailureThreshold ?? DEFAULT_HEALTH_FAILURE_THRESHOLD,
    pollIntervalS: input.pollIntervalS ?? DEFAULT_POLL_INTERVAL_S,
    drainS: input.drainS ?? DEFAULT_DRAIN_S,
  };
  if (!(timing.timeoutS > 0)) problems.push(duration('timeoutS', 'must be > 0'));
  if (!(timing.pollIntervalS > 0)) problems.push(duration('pollIntervalS', 'must be > 0'));
  if (!(timing.drainS >= 0)) problems.push(duration('drainS', 'must be ≥ 0'));
  if (!Number.isInteger(timing.healthFailureThreshold) || timing.healthFailureThreshold < 1) {
    problems.push(duration('healthFailureThreshold', 'must be an integer ≥ 1'));
  }
  return timing;
}

function duration(field: string, message: string): RolloutPlanProblem {
  return { code: 'INVALID_DURATION', field, message };
}

function validateVersion(
  version: VersionSpec,
  field: string,
  problems: RolloutPlanProblem[],
): void {
  if (version.deployments.length === 0) {
    problems.push({
      code: 'INVALID_VERSION',
      field: `${field}.deployments`,
      message: 'must not be empty',
    });
  }
  const seen = new Set<string>();
  version.deployments.forEach((d, i) => {
    const name = `${d.application}/${d.deployment}`;
    const path = `${field}.deployments[${i}]`;
    if (seen.has(name)) {
      problems.push({
        code: 'INVALID_VERSION',
        field: path,
        message: `duplicate deployment ${name}`,
      });
    }
    seen.add(name);
    const r = d.replicas;
    const counts =
      r.kind === 'static' ? [r.numReplicas] : [r.minReplicas, r.initialReplicas, r.maxReplicas];
    if (
      counts.some((n) => !Number.isInteger(n) || n < 0) ||
      (r.kind === 'static' && r.numReplicas < 1)
    ) {
      problems.push({
        code: 'INVALID_REPLICAS',
        field: `${path}.replicas`,
        message: 'replica counts must be integers (static ≥ 1, autoscaling ≥ 0)',
      });
    } else if (
      r.kind === 'autoscaling' &&
      !(
        r.minReplicas <= r.initialReplicas &&
        r.initialReplicas <= r.maxReplicas &&
        r.maxReplicas >= 1
      )
    ) {
      problems.push({
        code: 'INVALID_REPLICAS',
        field: `${path}.replicas`,
        message: 'need min ≤ initial ≤ max and max ≥ 1',
      });
    }
  });
}
