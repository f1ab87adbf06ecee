import type { Logger } from '@switchyard/platform';
import type { InvoiceBook, InvoiceRunResult } from './invoice-book';
import type { MeterRunResult, NodeMeter } from './node-meter';

/**
 * The `billing.meter` job: usage first (so an invoice is built from usage metered up to now),
 * then the open invoices whose usage changed, then the months that are over.
 */
export class MeteringJob {
  constructor(
    private readonly meter: NodeMeter,
    private readonly invoices: InvoiceBook,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<{ usage: MeterRunResult; invoices: InvoiceRunResult }> {
    const usage = await this.meter.run();
    const invoices = await this.invoices.run(usage.changed);
    this.logger.debug({ nodes: usage.nodes, ...invoices }, 'billing metering run finished');
    return { usage, invoices };
  }
}
