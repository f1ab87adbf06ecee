import type { Micros } from './money';

export interface Quotas {
  maxGpus: number | null;
  maxInstances: number | null;
  /** Monthly budget; `hard` refuses a rollout that would exceed it, soft only warns. */
  monthlyBudget: { amount: Micros; hard: boolean } | null;
}

export interface QuotaCheckInput {
  quotas: Quotas;
  /** What already runs in the organization (other services). */
  current: { instances: number; gpus: number };
  /** The rollout's own peak (primary + canary at the surge limit). */
  peak: { instances: number; gpus: number };
  /** Spent this month so far, and the rollout's estimated cost + the rest of the month at steady state. */
  monthToDate: Micros;
  projected: Micros;
}

export type QuotaViolation =
  | { quota: 'max_gpus' | 'max_instances'; limit: number; peak: number }
  | { quota: 'monthly_budget'; limit: Micros; projected: Micros; hard: boolean };

/**
 * The quotas a rollout would break at its peak. The peak counts everything the organization
 * runs while the rollout's two versions overlap — the point where a surprise bill or a capacity
 * outage would happen.
 */
export function quotaViolations(input: QuotaCheckInput): QuotaViolation[] {
  const violations: QuotaViolation[] = [];
  const { quotas, current, peak } = input;
  const gpus = current.gpus + peak.gpus;
  const instances = current.instances + peak.instances;
  if (quotas.maxGpus !== null && gpus > quotas.maxGpus)
    violations.push({ quota: 'max_gpus', limit: quotas.maxGpus, peak: gpus });
  if (quotas.maxInstances !== null && instances > quotas.maxInstances)
    violations.push({ quota: 'max_instances', limit: quotas.maxInstances, peak: instances });
  const projected = input.monthToDate + input.projected;
  if (quotas.monthlyBudget && projected > quotas.monthlyBudget.amount) {
    violations.push({
      quota: 'monthly_budget',
      limit: quotas.monthlyBudget.amount,
      projected,
      hard: quotas.monthlyBudget.hard,
    });
  }
  return violations;
}
