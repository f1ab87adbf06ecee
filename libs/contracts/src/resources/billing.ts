import { z } from 'zod';
import { timestamp, uuid } from './common';

/** Money: integer micro-dollars (exact) and the same amount as a decimal dollar string. */
const micros = z.number().int().min(0).describe('Micro-dollars (1 USD = 1,000,000): exact.');
const usd = z
  .string()
  .regex(/^\d+\.\d+$/)
  .describe('The same amount in US dollars, as a decimal string.');
const isoDay = z.iso.date().describe('A UTC day, YYYY-MM-DD.');
const isoMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .describe('A UTC calendar month, YYYY-MM.');

export const USAGE_GROUPINGS = ['project', 'service', 'instance_type', 'day'] as const;

export const usageQuery = z
  .strictObject({
    from: isoDay
      .optional()
      .describe('First day (inclusive); default: the first day of the current month.'),
    to: isoDay.optional().describe('Day after the last one (exclusive); default: tomorrow.'),
    group_by: z.enum(USAGE_GROUPINGS).default('project'),
    format: z
      .enum(['json', 'csv'])
      .optional()
      .describe('`csv` (or `Accept: text/csv`) answers text/csv.'),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, {
    message: 'must be after `from`',
    path: ['to'],
  });

export const usageGroupSchema = z.object({
  key: z.string().describe('The id of the project or service, the instance type, or the day.'),
  name: z
    .string()
    .describe('What a reader calls it: the project or service name (the key otherwise).'),
  seconds: z.number().int(),
  cost_micros: micros,
  cost_usd: usd,
});

export const usageReportSchema = z
  .object({
    from: isoDay,
    to: isoDay,
    group_by: z.enum(USAGE_GROUPINGS),
    groups: z.array(usageGroupSchema),
    total_seconds: z.number().int(),
    total_cost_micros: micros,
    total_cost_usd: usd,
  })
  .meta({ id: 'UsageReport' });

export const invoiceSchema = z
  .object({
    id: uuid,
    month: isoMonth,
    status: z
      .enum(['OPEN', 'CLOSED'])
      .describe('OPEN: the month is not over, the total still grows. CLOSED: final.'),
    subtotal_micros: micros,
    total_cents: z
      .number()
      .int()
      .describe('What is charged: the subtotal rounded half up to a cent, once.'),
    total_usd: usd,
    closed_at: timestamp.nullable(),
    updated_at: timestamp,
  })
  .meta({ id: 'Invoice' });

export const invoiceLineSchema = z.object({
  project_id: uuid,
  project: z.string().nullable().describe('The project’s name (null once it is deleted).'),
  service_id: uuid,
  service: z.string().nullable().describe('The service’s name (null once it is deleted).'),
  instance_type: z.string(),
  gpu_type: z.string().nullable(),
  gpu_count: z.number().int(),
  seconds: z.number().int(),
  amount_micros: micros,
  amount_usd: usd,
});

export const invoiceDetailSchema = invoiceSchema
  .extend({ lines: z.array(invoiceLineSchema) })
  .meta({ id: 'InvoiceDetail' });

export const invoiceParams = z.strictObject({ invoice: uuid });

export const BUDGET_ENFORCEMENTS = ['SOFT', 'HARD'] as const;

export const quotasSchema = z
  .object({
    max_gpus: z
      .number()
      .int()
      .nullable()
      .describe('GPUs running at once in the organization; null: no limit.'),
    max_instances: z
      .number()
      .int()
      .nullable()
      .describe('Nodes running at once in the organization; null: no limit.'),
    monthly_budget_micros: micros
      .nullable()
      .describe('Spend per UTC calendar month; null: no budget.'),
    monthly_budget_usd: usd.nullable(),
    budget_enforcement: z
      .enum(BUDGET_ENFORCEMENTS)
      .describe(
        'SOFT: a rollout that would exceed the budget starts with a warning. HARD: it is refused (422).',
      ),
    updated_at: timestamp.nullable().describe('null while no quota was ever set.'),
  })
  .meta({ id: 'Quotas' });

export const setQuotasBody = z.strictObject({
  max_gpus: z.number().int().min(0).max(1_000_000).nullable().default(null),
  max_instances: z.number().int().min(0).max(1_000_000).nullable().default(null),
  monthly_budget_micros: z
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .nullable()
    .default(null)
    .describe('Micro-dollars per month ($100 = 100000000).'),
  budget_enforcement: z.enum(BUDGET_ENFORCEMENTS).default('SOFT'),
});

export const costEstimateSchema = z
  .object({
    steady_hourly_micros: micros.describe('The new version alone at full capacity, per hour.'),
    steady_hourly_usd: usd,
    rollout_micros: micros.describe(
      'Both versions’ nodes over the rollout (start-up, schedule at the surge limit, drain).',
    ),
    rollout_usd: usd,
    rollout_duration_s: z.number().describe('The rollout’s expected length, as priced.'),
    peak_instances: z
      .number()
      .int()
      .describe('Most nodes of the two versions at any moment: what quotas are checked against.'),
    peak_gpus: z.number().int(),
    unpriced_instance_types: z
      .array(z.string())
      .describe('Types without a price: the estimate is a lower bound when not empty.'),
    price_catalog_date: isoDay.nullable(),
  })
  .meta({ id: 'CostEstimate' });

export const quotaWarningSchema = z.object({
  quota: z.string().describe('The soft quota the rollout goes over (`monthly_budget`).'),
  limit: micros,
  projected: micros.describe('Month-to-date spend + the rollout’s estimated cost.'),
  message: z.string(),
});
