import {
  buildInvoice,
  monthEnd,
  monthOf,
  utcDay,
  type Invoice,
  type UsageRow,
} from '@switchyard/billing';
import { usageRowsOf, type Db } from '@switchyard/db';
import type { Logger } from '@switchyard/platform';

/**
 * How long after a month ends its invoice is closed. Node stop times reach Postgres through the
 * node sync (≤ 60 s) and usage through the next metering (≤ 60 s): a node that stopped just
 * before midnight must be on the invoice before it becomes final.
 */
export const INVOICE_CLOSE_GRACE_MS = 10 * 60_000;

export interface InvoiceRunResult {
  refreshed: number;
  closed: number;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Keeps one invoice per organization and month: OPEN while the month's usage can still change
 * (refreshed after every metering that changed it), CLOSED — lines and total final — once the
 * month is over. Both are rebuilt from the month's usage rows by libs/billing's `buildInvoice`,
 * so refreshing or closing twice gives the same invoice.
 */
export class InvoiceBook {
  constructor(
    private readonly db: Db,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {}

  async run(changed: readonly { orgId: string; month: string }[]): Promise<InvoiceRunResult> {
    const now = this.clock();
    let refreshed = 0;
    for (const { orgId, month } of changed) {
      if (await this.write(orgId, month, 'OPEN', now)) refreshed++;
    }
    let closed = 0;
    for (const invoice of await this.closable(now)) {
      if (await this.write(invoice.orgId, invoice.month, 'CLOSED', now)) closed++;
    }
    if (refreshed || closed) this.logger.info({ refreshed, closed }, 'invoices written');
    return { refreshed, closed };
  }

  /** Open invoices of months that ended more than the grace period ago. */
  private closable(now: number) {
    // Months before the one that was current `grace` ago are over, and their grace has passed.
    const currentThen = monthOf(utcDay(now - INVOICE_CLOSE_GRACE_MS));
    return this.db.invoice.findMany({
      where: { status: 'OPEN', month: { lt: currentThen } },
      select: { orgId: true, month: true },
      orderBy: [{ month: 'asc' }, { orgId: 'asc' }],
    });
  }

  /** Rebuilds the (org, month) invoice from usage; false when it is already closed. */
  private write(orgId: string, month: string, status: 'OPEN' | 'CLOSED', now: number) {
    return this.db.$transaction(async (tx) => {
      // Two overlapping runs must not both create the (org, month) invoice.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`invoice:${orgId}:${month}`}))`;
      const existing = await tx.invoice.findUnique({
        where: { orgId_month: { orgId, month } },
        select: { id: true, status: true },
      });
      if (existing?.status === 'CLOSED') {
        if (status === 'OPEN')
          this.logger.warn({ orgId, month }, 'usage changed after its invoice was closed');
        return false;
      }
      const invoice = buildInvoice(orgId, month, await usageOfMonth(tx, orgId, month));
      const totals = {
        status,
        subtotalMicros: BigInt(invoice.subtotal),
        totalCents: BigInt(invoice.totalCents),
        closedAt: status === 'CLOSED' ? new Date(now) : null,
      };
      const row = await tx.invoice.upsert({
        where: { orgId_month: { orgId, month } },
        create: { orgId, month, ...totals },
        update: totals,
        select: { id: true },
      });
      await tx.invoiceLine.deleteMany({ where: { invoiceId: row.id } });
      await tx.invoiceLine.createMany({ data: linesOf(invoice, row.id) });
      return true;
    });
  }
}

function usageOfMonth(tx: Tx, orgId: string, month: string): Promise<UsageRow[]> {
  return usageRowsOf(tx, orgId, `${month}-01`, monthEnd(month));
}

function linesOf(invoice: Invoice, invoiceId: string) {
  return invoice.lines.map((line, i) => ({
    orgId: invoice.orgId,
    invoiceId,
    position: i + 1,
    projectId: line.projectId,
    serviceId: line.serviceId,
    instanceType: line.instanceType,
    gpuType: line.gpuType,
    gpuCount: line.gpuCount,
    seconds: BigInt(line.seconds),
    amountMicros: BigInt(line.amount),
  }));
}
