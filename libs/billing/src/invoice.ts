import type { UsageRow } from './metering';
import { microsToCents, type Micros } from './money';

export interface InvoiceLine {
  projectId: string;
  serviceId: string;
  instanceType: string;
  gpuType: string | null;
  gpuCount: number;
  seconds: number;
  amount: Micros;
}

export interface Invoice {
  orgId: string;
  /** YYYY-MM (UTC). */
  month: string;
  lines: InvoiceLine[];
  subtotal: Micros;
  /** What is charged: the subtotal rounded half up to a cent, once (money.ts). */
  totalCents: number;
}

/** The UTC month (YYYY-MM) a usage day belongs to. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The first day of the month after `month` (YYYY-MM-DD): invoices close when it starts. */
export function monthEnd(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * One organization's invoice for a month: a line per (project, service, instance type, GPU),
 * summing that month's daily usage rows. Lines are sorted so the same usage always gives the
 * same invoice.
 */
export function buildInvoice(orgId: string, month: string, rows: readonly UsageRow[]): Invoice {
  const lines = new Map<string, InvoiceLine>();
  for (const row of rows) {
    if (row.orgId !== orgId || monthOf(row.day) !== month) continue;
    const key = [
      row.projectId,
      row.serviceId,
      row.instanceType,
      row.gpuType ?? '',
      row.gpuCount,
    ].join('\u0000');
    const line = lines.get(key) ?? {
      projectId: row.projectId,
      serviceId: row.serviceId,
      instanceType: row.instanceType,
      gpuType: row.gpuType,
      gpuCount: row.gpuCount,
      seconds: 0,
      amount: 0,
    };
    line.seconds += row.seconds;
    line.amount += row.cost;
    lines.set(key, line);
  }
  const sorted = [...lines.values()].sort((a, b) => {
    const ka = [a.projectId, a.serviceId, a.instanceType, a.gpuType ?? '', a.gpuCount].join('\u0000');
    const kb = [b.projectId, b.serviceId, b.instanceType, b.gpuType ?? '', b.gpuCount].join('\u0000');
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const subtotal = sorted.reduce((sum, l) => sum + l.amount, 0);
  return { orgId, month, lines: sorted, subtotal, totalCents: microsToCents(subtotal) };
}
