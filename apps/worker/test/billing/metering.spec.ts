import { PRICE_CATALOG } from '@switchyard/billing';
import type { Db } from '@switchyard/db';
import { createLogger } from '@switchyard/platform';
import { InvoiceBook, INVOICE_CLOSE_GRACE_MS } from '../../src/billing/invoice-book';
import { MeteringJob } from '../../src/billing/metering-job';
import { NodeMeter } from '../../src/billing/node-meter';
import { nodeLifetimes } from '../fixtures/node-lifetimes';
import { useTestDb } from '../fixtures/test-db';

const at = (iso: string) => Date.parse(iso);

describe('billing metering (real Postgres)', () => {
  let db: Db;
  const clock = { now: at('2026-02-01T03:00:00Z') };
  const logger = createLogger('test', 'silent');
  const job = () =>
    new MeteringJob(
      new NodeMeter(db, PRICE_CATALOG, () => clock.now, logger),
      new InvoiceBook(db, () => clock.now, logger),
      logger,
    );
  const usageOf = (orgId: string) =>
    db.nodeDailyUsage.findMany({
      where: { orgId },
      orderBy: [{ day: 'asc' }, { instanceType: 'asc' }],
      select: {
        clusterNodeId: true,
        instanceType: true,
        day: true,
        seconds: true,
        costMicros: true,
        updatedAt: true,
      },
    });
  /** The (org, month) pairs a run changed for one organization (other tests' nodes run on). */
  const changedFor = (orgId: string, run: Awaited<ReturnType<MeteringJob['run']>>) =>
    run.usage.changed.filter((c) => c.orgId === orgId).map((c) => c.month);
  const invoiceOf = (orgId: string, month: string) =>
    db.invoice.findUnique({
      where: { orgId_month: { orgId, month } },
      include: { lines: { orderBy: { position: 'asc' } } },
    });

  useTestDb((client) => (db = client));

  it('meters known lifetimes across day and month boundaries exactly to the cent', async () => {
    clock.now = at('2026-02-02T00:30:00Z');
    const { org } = await nodeLifetimes(db)
      // g5.xlarge $1.006/h: 2 h on Jan 31, 2.5 h on Feb 1.
      .node('g5.xlarge', '2026-01-31T22:00:00Z', '2026-02-01T02:30:00Z', { type: 'A10G', count: 1 })
      // n1-standard-4 $0.19/h + 2 attached T4 × $0.35/h = $0.89/h, 1000.9 s → 1000 whole seconds.
      .node('n1-standard-4', '2026-01-15T10:00:00Z', '2026-01-15T10:16:40.900Z', {
        type: 'T4',
        count: 2,
      })
      // m6i.large $0.096/h, still running: 1 h on Feb 1, 30 min on Feb 2 (until now).
      .node('m6i.large', '2026-02-01T23:00:00Z', null)
      .create();

    await job().run();
    const usage = (await usageOf(org.id)).map((u) => [
      u.instanceType,
      u.day.toISOString().slice(0, 10),
      u.seconds,
      Number(u.costMicros),
    ]);
    expect(usage).toEqual([
      ['n1-standard-4', '2026-01-15', 1000, 247_222], // 890_000 × 1000 / 3600 = 247_222.2
      ['g5.xlarge', '2026-01-31', 7200, 2_012_000],
      ['g5.xlarge', '2026-02-01', 9000, 2_515_000],
      ['m6i.large', '2026-02-01', 3600, 96_000],
      ['m6i.large', '2026-02-02', 1800, 48_000],
    ]);

    // January is over (and its grace period): closed, with a line per service × instance type.
    const january = await invoiceOf(org.id, '2026-01');
    expect(january).toMatchObject({
      status: 'CLOSED',
      subtotalMicros: 2_259_222n,
      totalCents: 226n,
    });
    expect(
      january!.lines.map((l) => [l.instanceType, Number(l.seconds), Number(l.amountMicros)]),
    ).toEqual([
      ['g5.xlarge', 7200, 2_012_000],
      ['n1-standard-4', 1000, 247_222],
    ]);
    // February is open: 2.515 + 0.096 + 0.048 = $2.659.
    expect(await invoiceOf(org.id, '2026-02')).toMatchObject({
      status: 'OPEN',
      subtotalMicros: 2_659_000n,
      totalCents: 266n,
      closedAt: null,
    });
  });

  it('is idempotent: metering twice at the same instant changes nothing, later only the running node', async () => {
    clock.now = at('2026-03-10T12:00:00Z');
    const { org } = await nodeLifetimes(db)
      .node('c6i.xlarge', '2026-03-09T20:00:00Z', '2026-03-10T04:00:00Z')
      .node('g6.xlarge', '2026-03-10T11:00:00Z', null, { type: 'L4', count: 1 })
      .create();

    const first = await job().run();
    expect(changedFor(org.id, first)).toEqual(['2026-03']);
    const before = await usageOf(org.id);
    expect(before).toHaveLength(3);
    const invoiceBefore = await invoiceOf(org.id, '2026-03');

    const second = await job().run();
    expect(second.usage).toMatchObject({ rowsWritten: 0, rowsDeleted: 0, changed: [] });
    expect(second.invoices.refreshed).toBe(0);
    expect(await usageOf(org.id)).toEqual(before);
    expect(await invoiceOf(org.id, '2026-03')).toEqual(invoiceBefore);

    // An hour later only the running g6.xlarge's day grows ($0.8048/h × 2 h); the stopped node is not looked at.
    clock.now = at('2026-03-10T13:00:00Z');
    const third = await job().run();
    expect(changedFor(org.id, third)).toEqual(['2026-03']);
    const after = await usageOf(org.id);
    expect(after.filter((u) => u.instanceType === 'c6i.xlarge')).toEqual(
      before.filter((u) => u.instanceType === 'c6i.xlarge'),
    );
    expect(after.find((u) => u.instanceType === 'g6.xlarge')).toMatchObject({
      seconds: 7200,
      costMicros: 1_609_600n,
    });
  });

  it('closes a month’s invoice only after its grace period, once, and never changes it again', async () => {
    const monthEnd = at('2026-05-01T00:00:00Z');
    clock.now = monthEnd - 60_000;
    const { org } = await nodeLifetimes(db)
      .node('m6i.xlarge', '2026-04-30T22:00:00Z', null)
      .create();
    await job().run();
    expect(await invoiceOf(org.id, '2026-04')).toMatchObject({
      status: 'OPEN',
      subtotalMicros: 380_800n,
    }); // 1 h 59 min × $0.192

    // The node stops on the dot of midnight; metering just after, within the grace period: still open.
    await db.clusterNode.updateMany({
      where: { orgId: org.id },
      data: { state: 'STOPPED', stoppedAt: new Date(monthEnd) },
    });
    clock.now = monthEnd + 60_000;
    await job().run();
    expect(await invoiceOf(org.id, '2026-04')).toMatchObject({
      status: 'OPEN',
      subtotalMicros: 384_000n,
      totalCents: 38n,
    });

    clock.now = monthEnd + INVOICE_CLOSE_GRACE_MS + 1_000;
    await job().run();
    const closed = await invoiceOf(org.id, '2026-04');
    expect(closed).toMatchObject({
      status: 'CLOSED',
      subtotalMicros: 384_000n,
      totalCents: 38n,
      closedAt: new Date(clock.now),
    });
    expect(closed!.lines).toHaveLength(1);
    expect(await invoiceOf(org.id, '2026-05')).toBeNull(); // the node never ran in May

    clock.now += 3_600_000;
    await job().run();
    expect(await invoiceOf(org.id, '2026-04')).toEqual(closed);
  });
});
