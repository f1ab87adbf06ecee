/** Typed, JSON-friendly errors: the API turns `code` + `fields` into a 400/422 body. */

export type RolloutPlanErrorCode =
  | 'INVALID_PERCENT'
  | 'INVALID_SCHEDULE'
  | 'INVALID_SURGE'
  | 'INVALID_REPLICAS'
  | 'INVALID_DURATION'
  | 'INVALID_VERSION'
  | 'IN_PLACE_WITH_CANARY_PERCENT'
  | 'IN_PLACE_WITH_MAX_SURGE';

export interface RolloutPlanProblem {
  code: RolloutPlanErrorCode;
  /** Dotted path of the offending plan field, e.g. `schedule.steps[2].percent`. */
  field: string;
  message: string;
}

/** Thrown by `initialState` for an invalid plan; carries every problem found, not just one. */
export class RolloutPlanError extends Error {
  readonly problems: RolloutPlanProblem[];

  constructor(problems: RolloutPlanProblem[]) {
    super(`invalid rollout plan: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'RolloutPlanError';
    this.problems = problems;
  }

  get codes(): RolloutPlanErrorCode[] {
    return this.problems.map((p) => p.code);
  }
}
