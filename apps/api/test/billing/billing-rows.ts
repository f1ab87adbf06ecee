import { randomUUID } from 'node:crypto';
import { buildInvoice, type UsageRow } from '@switchyard/billing';
import type { Db } from '@switchyard/db';

export interface UsageRowInput {
  projectId: string;
  serviceId: string;
  instanceType: string;
  day: string;
  seconds: number;
  costMicros: number;
  gpuType?: string | null;
  gpuCount?: number;
}

/**
 * Billing rows as the worker's metering leaves them, written straight to Postgres so API tests
 * start from known usage and invoices:
 *
 *   await billingRows(db, orgId).usage({ … }).invoice('2026-10', 'CLOSED').create();
 *
 * An invoice is built from the builder's usage rows of its month by libs/billing's buildInvoice.
 */
export function billingRows(db: Db, orgId: string) {
  const usage: UsageRowInput[] = [];
  const invoices: { month: string; status: 'OPEN' | 'CLOSED' }[] = [];
  const builder = {
    usage(row: UsageRowInput) {
      usage.push(row);
      return builder;
    },
    invoice(month: string, status: 'OPEN' | 'CLOSED') {
      invoices.push({ month, status });
      return builder;
    },
    async create() {
      for (const row of usage) {
        await db.nodeDailyUsage.create({
          data: {
            orgId,
            projectId: row.projectId,
            serviceId: row.serviceId,
            clusterNodeId: randomUUID(),
            instanceType: row.instanceType,
            gpuType: row.gpuType ?? null,
            gpuCount: row.gpuCount ?? 0,
            day: new Date(`${row.day}T00:00:00.000Z`),
            seconds: row.seconds,
            costMicros: BigInt(row.costMicros),
            priceCatalogDate: '2025-01-01',
          },
        });
      }
      const rows: UsageRow[] = usage.map((u) => ({
        orgId,
        projectId: u.projectId,
        serviceId: u.serviceId,
        instanceType: u.instanceType,
        gpuType: u.gpuType ?? null,
        gpuCount: u.gpuCount ?? 0,
        day: u.day,
        seconds: u.seconds,
        cost: u.costMicros,
      }));
      const created = [];
      for (const { month, status } of invoices) {
        const invoice = buildInvoice(orgId, month, rows);
        created.push(
          await db.invoice.create({
            data: {
              orgId,
              month,
              status,
              subtotalMicros: BigInt(invoice.subtotal),
              totalCents: BigInt(invoice.totalCents),
              closedAt: status === 'CLOSED' ? new Date(`${month}-28T00:00:00.000Z`) : null,
              lines: {
                create: invoice.lines.map((line, i) => ({
                  orgId,
                  position: i + 1,
                  projectId: line.projectId,
                  serviceId: line.serviceId,
                  instanceType: line.instanceType,
                  gpuType: line.gpuType,
                  gpuCount: line.gpuCount,
                  seconds: BigInt(line.seconds),
                  amountMicros: BigInt(line.amount),
                })),
              },
            },
          }),
        );
      }
      return { invoices: created };
    },
  };
  return builder;
}
