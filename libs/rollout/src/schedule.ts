/**
 * Traffic schedules. The default is Anyscale's published automatic pattern:
 *
 *   5 → 10 → 20 → 30 → 50 → 75 → 100 %, each step held 20 s
 *   = 6 holds × 20 s = 120 s (about 2 minutes) from "canary healthy" to "all traffic on canary"
 *
 * The hold of the final 100 % step is not waited for: reaching 100 % starts COMPLETING, whose
 * own wait is the drain period (`drainS`) before the old primary is terminated.
 */
import type { RolloutPlanProblem } from './errors';
import type { Schedule, ScheduleInput, ScheduleStep } from './plan-types';

export const DEFAULT_SCHEDULE_PERCENTS: readonly number[] = [5, 10, 20, 30, 50, 75, 100];
export const DEFAULT_HOLD_S = 20;

/** Default steps with one hold for all: `defaultSteps(20)` → [{5,20},{10,20},…,{100,20}]. */
export function defaultSteps(holdS: number = DEFAULT_HOLD_S): ScheduleStep[] {
  return DEFAULT_SCHEDULE_PERCENTS.map((percent) => ({ percent, holdS }));
}

export function isValidPercent(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 100;
}

/** Fills defaults. Problems are reported, never thrown, so that all of them reach the caller. */
export function normalizeSchedule(
  input: ScheduleInput | undefined,
  problems: RolloutPlanProblem[],
): Schedule {
  const schedule = input ?? { kind: 'automatic' };
  switch (schedule.kind) {
    case 'manual':
      if (!isValidPercent(schedule.canaryPercent)) {
        problems.push({
          code: 'INVALID_PERCENT',
          field: 'schedule.canaryPercent',
          message: `must be an integer 0..100, got ${schedule.canaryPercent}`,
        });
      }
      return { kind: 'manual', canaryPercent: schedule.canaryPercent };
    case 'automatic': {
      const holdS = schedule.holdS ?? DEFAULT_HOLD_S;
      if (!(holdS >= 0)) {
        problems.push({
          code: 'INVALID_DURATION',
          field: 'schedule.holdS',
          message: 'must be ≥ 0',
        });
      }
      const steps = schedule.steps ?? defaultSteps(holdS);
      if (schedule.steps) validateSteps(steps, problems);
      return {
        kind: 'automatic',
        steps: steps.map((s) => ({ percent: s.percent, holdS: s.holdS })),
      };
    }
    default: {
      const _exhaustive: never = schedule;
      return _exhaustive;
    }
  }
}

function validateSteps(steps: ScheduleStep[], problems: RolloutPlanProblem[]): void {
  if (steps.length === 0) {
    problems.push({
      code: 'INVALID_SCHEDULE',
      field: 'schedule.steps',
      message: 'must not be empty',
    });
    return;
  }
  steps.forEach((step, i) => {
    if (!isValidPercent(step.percent) || step.percent === 0) {
      problems.push({
        code: 'INVALID_PERCENT',
        field: `schedule.steps[${i}].percent`,
        message: `must be an integer 1..100, got ${step.percent}`,
      });
    }
    if (!(step.holdS >= 0)) {
      problems.push({
        code: 'INVALID_DURATION',
        field: `schedule.steps[${i}].holdS`,
        message: 'must be ≥ 0',
      });
    }
    const previous = steps[i - 1];
    if (previous && step.percent <= previous.percent) {
      problems.push({
        code: 'INVALID_SCHEDULE',
        field: `schedule.steps[${i}].percent`,
        message: `steps must increase strictly (${previous.percent} → ${step.percent})`,
      });
    }
  });
  if (steps[steps.length - 1]?.percent !== 100) {
    problems.push({
      code: 'INVALID_SCHEDULE',
      field: 'schedule.steps',
      message: 'the last step must be 100 %',
    });
  }
}

/** Total time spent holding before 100 % is reached (the last step's hold is not waited). */
export function totalHoldS(steps: ScheduleStep[]): number {
  return steps.slice(0, -1).reduce((sum, step) => sum + step.holdS, 0);
}
