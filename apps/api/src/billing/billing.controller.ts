import { Controller, Headers, Inject } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db, Invoice } from '@switchyard/db';
import { recordAudit } from '../audit/audit-log';
import { actorOf, type Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, CsvBody, Endpoint, Input, RequestId } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import type { Clock } from '../infra/clock';
import { CLOCK, DB } from '../infra/tokens';
import { usdOfCents, usdOfMicros } from './money-fields';
import { quotaRowOf, serializeQuotas } from './quotas.repository';
import { usageReport, usageReportCsv, wantsCsv } from './usage-report';
import { dayString, namesOf, usageRowsOf } from './usage.repository';

const DAY_MS = 86_400_000;

/** Usage, invoices and quotas of the caller's organization (DESIGN.md "Billing"). */
@Controller()
export class BillingController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Endpoint(routes.getUsage)
  async usage(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.getUsage>,
    @Headers('accept') accept: string | undefined,
  ) {
    const today = dayString(this.clock.now());
    const from = input.query.from ?? `${today.slice(0, 7)}-01`;
    const to = input.query.to ?? dayString(new Date(this.clock.now().getTime() + DAY_MS));
    if (from >= to)
      throw AppError.invalid([
        {
          path: input.query.to ? 'query.to' : 'query.from',
          message: `must leave at least one day between from (${from}) and to (${to})`,
        },
      ]);
    const groupBy = input.query.group_by;
    const rows = await usageRowsOf(this.db, caller.orgId, from, to);
    const names = await namesOf(this.db, caller.orgId, {
      projectIds: groupBy === 'project' ? [...new Set(rows.map((r) => r.projectId))] : [],
      serviceIds: groupBy === 'service' ? [...new Set(rows.map((r) => r.serviceId))] : [],
    });
    if (wantsCsv(input.query.format, accept))
      return new CsvBody(usageReportCsv(rows, groupBy, names));
    return usageReport(rows, { from, to, groupBy }, names);
  }

  @Endpoint(routes.listInvoices)
  async listInvoices(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.listInvoices>,
  ) {
    const cursor = decodeCursor(input.query.cursor);
    // Newest month first; one invoice per month, so the month is the key.
    const rows = await this.db.invoice.findMany({
      where: { orgId: caller.orgId, ...(cursor ? { month: { lt: cursor } } : {}) },
      orderBy: { month: 'desc' },
      take: input.query.limit + 1,
    });
    return toPage(rows, input.query.limit, (r) => r.month, serializeInvoice);
  }

  @Endpoint(routes.getInvoice)
  async getInvoice(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.getInvoice>,
  ) {
    const invoice = await this.db.invoice.findFirst({
      where: { id: input.params.invoice, orgId: caller.orgId },
      include: { lines: { orderBy: { position: 'asc' } } },
    });
    if (!invoice) throw AppError.notFound('invoice');
    const names = await namesOf(this.db, caller.orgId, {
      projectIds: [...new Set(invoice.lines.map((l) => l.projectId))],
      serviceIds: [...new Set(invoice.lines.map((l) => l.serviceId))],
    });
    return {
      ...serializeInvoice(invoice),
      lines: invoice.lines.map((l) => ({
        project_id: l.projectId,
        project: names.get(l.projectId) ?? null,
        service_id: l.serviceId,
        service: names.get(l.serviceId) ?? null,
        instance_type: l.instanceType,
        gpu_type: l.gpuType,
        gpu_count: l.gpuCount,
        seconds: Number(l.seconds),
        amount_micros: Number(l.amountMicros),
        amount_usd: usdOfMicros(l.amountMicros),
      })),
    };
  }

  @Endpoint(routes.getQuotas)
  async getQuotas(@Caller() caller: Principal) {
    return serializeQuotas(await quotaRowOf(this.db, caller.orgId));
  }

  @Endpoint(routes.setQuotas)
  async setQuotas(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.setQuotas>,
    @RequestId() requestId: string,
  ) {
    const body = input.body;
    const values = {
      maxGpus: body.max_gpus,
      maxInstances: body.max_instances,
      monthlyBudgetMicros:
        body.monthly_budget_micros === null ? null : BigInt(body.monthly_budget_micros),
      budgetEnforcement: body.budget_enforcement,
    };
    const row = await this.db.$transaction(async (tx) => {
      const before = await quotaRowOf(tx, caller.orgId);
      const saved = await tx.organizationQuota.upsert({
        where: { orgId: caller.orgId },
        create: { orgId: caller.orgId, ...values },
        update: values,
      });
      await recordAudit(tx, actorOf(caller, requestId), {
        action: 'quota.update',
        targetType: 'organization',
        targetId: caller.orgId,
        details: {
          from: auditable(serializeQuotas(before)),
          to: auditable(serializeQuotas(saved)),
        },
      });
      return saved;
    });
    return serializeQuotas(row);
  }
}

function serializeInvoice(invoice: Invoice) {
  return {
    id: invoice.id,
    month: invoice.month,
    status: invoice.status,
    subtotal_micros: Number(invoice.subtotalMicros),
    total_cents: Number(invoice.totalCents),
    total_usd: usdOfCents(invoice.totalCents),
    closed_at: invoice.closedAt?.toISOString() ?? null,
    updated_at: invoice.updatedAt.toISOString(),
  };
}

/** The quota fields without the timestamp, for the audit entry. */
function auditable(quotas: ReturnType<typeof serializeQuotas>) {
  const { updated_at: _updatedAt, ...limits } = quotas;
  return limits;
}
