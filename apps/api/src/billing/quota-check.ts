import { quotaViolations, type QuotaViolation, type RolloutEstimate } from '@switchyard/billing';
import { AppError } from '../http/app-error';
import type { Tx } from '../infra/db-types';
import { quotaRowOf, toQuotas } from './quotas.repository';
import { monthToDateMicros } from './usage.repository';
import { usdOfMicros } from './money-fields';

/** A quota a rollout would break, as the API names it. */
export function describeViolation(v: QuotaViolation): string {
  if (v.quota === 'monthly_budget')
    return `month-to-date spend + this rollout would be $${usdOfMicros(v.projected)}, over the ${v.hard ? 'hard' : 'soft'} monthly budget of $${usdOfMicros(v.limit)}`;
  const what = v.quota === 'max_gpus' ? 'GPUs' : 'instances';
  return `at its peak the organization would run ${v.peak} ${what}, over the limit of ${v.limit}`;
}

/**
 * The rollout would break a quota: 422, naming each quota with its limit and the peak (or the
 * projected spend) in `fields` (`quotas.max_gpus`: "limit 8, peak 12: …").
 */
export class QuotaExceededError extends AppError {
  constructor(readonly violations: QuotaViolation[]) {
    super(
      'unprocessable',
      `this rollout would exceed the organization's quotas: ${violations.map((v) => v.quota).join(', ')}`,
      violations.map((v) => ({
        path: `quotas.${v.quota}`,
        message:
          v.quota === 'monthly_budget'
            ? `limit ${v.limit} micros, projected ${v.projected} micros: ${describeViolation(v)}`
            : `limit ${v.limit}, peak ${v.peak}: ${describeViolation(v)}`,
      })),
    );
    this.name = 'QuotaExceededError';
  }
}

export interface QuotaWarning {
  quota: string;
  limit: number;
  projected: number;
  message: string;
}

/**
 * Checks a rollout's peak (primary + canary at the surge limit, from the estimate) plus what the
 * rest of the organization runs now against the quotas, and the month's spend plus the rollout's
 * estimated cost against the budget. Breaking a count quota or a hard budget throws
 * `QuotaExceededError`; a soft budget comes back as a warning and the rollout goes ahead.
 */
export async function checkQuotas(
  tx: Tx,
  orgId: string,
  args: { serviceId: string | null; estimate: RolloutEstimate; day: string },
): Promise<QuotaWarning[]> {
  const quotas = toQuotas(await quotaRowOf(tx, orgId));
  if (quotas.maxGpus === null && quotas.maxInstances === null && quotas.monthlyBudget === null)
    return [];
  // Nodes of the organization's other services (this service's are in the estimate's peak).
  const running = await tx.clusterNode.findMany({
    where: {
      orgId,
      stoppedAt: null,
      ...(args.serviceId ? { cluster: { version: { serviceId: { not: args.serviceId } } } } : {}),
    },
    select: { gpuCount: true },
  });
  const violations = quotaViolations({
    quotas,
    current: { instances: running.length, gpus: running.reduce((n, r) => n + r.gpuCount, 0) },
    peak: args.estimate.peak,
    monthToDate: quotas.monthlyBudget ? await monthToDateMicros(tx, orgId, args.day) : 0,
    projected: args.estimate.rolloutCost,
  });
  const refusing = violations.filter((v) => v.quota !== 'monthly_budget' || v.hard);
  if (refusing.length > 0) throw new QuotaExceededError(refusing);
  return violations.flatMap((v) =>
    v.quota === 'monthly_budget'
      ? [{ quota: v.quota, limit: v.limit, projected: v.projected, message: describeViolation(v) }]
      : [],
  );
}
