import type { Quotas } from '@switchyard/billing';
import type { OrganizationQuota } from '@switchyard/db';
import type { DbOrTx } from '../infra/db-types';
import { usdOfMicros } from './money-fields';

/** The organization's quota row; null while its owners never set one (no limits). */
export function quotaRowOf(db: DbOrTx, orgId: string): Promise<OrganizationQuota | null> {
  return db.organizationQuota.findUnique({ where: { orgId } });
}

/** The row as libs/billing checks it. */
export function toQuotas(row: OrganizationQuota | null): Quotas {
  return {
    maxGpus: row?.maxGpus ?? null,
    maxInstances: row?.maxInstances ?? null,
    monthlyBudget:
      row?.monthlyBudgetMicros != null
        ? { amount: Number(row.monthlyBudgetMicros), hard: row.budgetEnforcement === 'HARD' }
        : null,
  };
}

export function serializeQuotas(row: OrganizationQuota | null) {
  return {
    max_gpus: row?.maxGpus ?? null,
    max_instances: row?.maxInstances ?? null,
    monthly_budget_micros:
      row?.monthlyBudgetMicros != null ? Number(row.monthlyBudgetMicros) : null,
    monthly_budget_usd:
      row?.monthlyBudgetMicros != null ? usdOfMicros(row.monthlyBudgetMicros) : null,
    budget_enforcement: row?.budgetEnforcement ?? ('SOFT' as const),
    updated_at: row?.updatedAt.toISOString() ?? null,
  };
}
