import { monthOf, utcDay, type PriceCatalog } from '@switchyard/billing';
import type { Db } from '@switchyard/db';
import type { Logger } from '@switchyard/platform';
import { nodeUsage, planUsageWrites, type NodeDay } from './usage-plan';

/** Nodes metered per transaction: bounds a transaction's length, not the run's. */
const BATCH = 200;

/** Serialises metering runs across workers (two runs would plan the same writes and race on them). */
const METER_LOCK = 'billing.meter';

export interface MeterRunResult {
  nodes: number;
  rowsWritten: number;
  rowsDeleted: number;
  /** Time on instance types the catalog has no price for: logged, never billed as zero. */
  unpricedSeconds: number;
  /** Every (organization, month) whose usage changed: their open invoices are refreshed. */
  changed: { orgId: string; month: string }[];
}

const dayDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
const dayString = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Turns `cluster_nodes` start/stop times into `node_daily_usage` rows. A node is looked at while
 * it runs and once more after it stops (until `meteredThrough` reaches its stop time); each look
 * derives its days from its start and stop times alone and writes only the rows that differ
 * (`planUsageWrites`), so metering twice changes nothing.
 *
 * Days before the one `meteredThrough` falls on are final — they ended before the last
 * metering and a node's recorded start never moves (node-plan.ts) — so only the days from there
 * on are compared; a node that runs for a year costs one row per run, not 365.
 */
export class NodeMeter {
  constructor(
    private readonly db: Db,
    private readonly catalog: PriceCatalog,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<MeterRunResult> {
    const now = this.clock();
    const result: MeterRunResult = {
      nodes: 0,
      rowsWritten: 0,
      rowsDeleted: 0,
      unpricedSeconds: 0,
      changed: [],
    };
    const changed = new Map<string, { orgId: string; month: string }>();
    let after: string | undefined;
    for (;;) {
      const nodes = await this.nodesToMeter(after);
      if (nodes.length === 0) break;
      after = nodes[nodes.length - 1]!.id;
      const written = await this.meterBatch(nodes, now);
      result.nodes += nodes.length;
      result.rowsWritten += written.rowsWritten;
      result.rowsDeleted += written.rowsDeleted;
      result.unpricedSeconds += written.unpricedSeconds;
      for (const c of written.changed) changed.set(`${c.orgId}/${c.month}`, c);
      if (nodes.length < BATCH) break;
    }
    result.changed = [...changed.values()];
    if (result.unpricedSeconds > 0)
      this.logger.warn(
        { unpricedSeconds: result.unpricedSeconds },
        'nodes ran on instance types without a price: not billed',
      );
    if (result.rowsWritten || result.rowsDeleted)
      this.logger.info({ ...result, changed: result.changed.length }, 'usage metered');
    return result;
  }

  /** Started nodes still running, or stopped since they were last metered. */
  private nodesToMeter(after: string | undefined) {
    return this.db.clusterNode.findMany({
      where: {
        startedAt: { not: null },
        ...(after ? { id: { gt: after } } : {}),
        OR: [
          { stoppedAt: null },
          { meteredThrough: null },
          { meteredThrough: { lt: this.db.clusterNode.fields.stoppedAt } },
        ],
      },
      orderBy: { id: 'asc' },
      take: BATCH,
      select: {
        id: true,
        orgId: true,
        instanceType: true,
        gpuType: true,
        gpuCount: true,
        startedAt: true,
        stoppedAt: true,
        meteredThrough: true,
        cluster: {
          select: {
            version: { select: { serviceId: true, service: { select: { projectId: true } } } },
          },
        },
      },
    });
  }

  private meterBatch(nodes: Awaited<ReturnType<NodeMeter['nodesToMeter']>>, now: number) {
    return this.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${METER_LOCK}))`;
        const firstDays = new Map(
          nodes.map((n) => [n.id, n.meteredThrough ? utcDay(n.meteredThrough.getTime()) : '']),
        );
        const earliest = [...firstDays.values()].reduce((a, b) => (a < b ? a : b));
        const recordedRows = await tx.nodeDailyUsage.findMany({
          where: {
            clusterNodeId: { in: nodes.map((n) => n.id) },
            ...(earliest ? { day: { gte: dayDate(earliest) } } : {}),
          },
          select: {
            clusterNodeId: true,
            day: true,
            seconds: true,
            costMicros: true,
            priceCatalogDate: true,
          },
        });
        const recordedByNode = new Map<string, NodeDay[]>();
        for (const row of recordedRows) {
          const list = recordedByNode.get(row.clusterNodeId) ?? [];
          list.push({
            day: dayString(row.day),
            seconds: row.seconds,
            costMicros: Number(row.costMicros),
            priceCatalogDate: row.priceCatalogDate,
          });
          recordedByNode.set(row.clusterNodeId, list);
        }

        let rowsWritten = 0;
        let rowsDeleted = 0;
        let unpricedSeconds = 0;
        const changed: { orgId: string; month: string }[] = [];
        for (const node of nodes) {
          const serviceId = node.cluster.version.serviceId;
          const projectId = node.cluster.version.service.projectId;
          const from = firstDays.get(node.id)!;
          const usage = nodeUsage(
            {
              nodeId: node.id,
              orgId: node.orgId,
              projectId,
              serviceId,
              instanceType: node.instanceType,
              gpuType: node.gpuType,
              gpuCount: node.gpuCount,
              startedAt: node.startedAt!.getTime(),
              stoppedAt: node.stoppedAt?.getTime() ?? null,
            },
            this.catalog,
            now,
          );
          unpricedSeconds += usage.unpriced
            .filter((u) => u.day >= from)
            .reduce((sum, u) => sum + u.seconds, 0);
          const derived = usage.days.filter((d) => d.day >= from);
          const recorded = (recordedByNode.get(node.id) ?? []).filter((d) => d.day >= from);
          const plan = planUsageWrites(derived, recorded);
          for (const day of plan.upserts) {
            const values = {
              seconds: day.seconds,
              costMicros: BigInt(day.costMicros),
              priceCatalogDate: day.priceCatalogDate,
            };
            await tx.nodeDailyUsage.upsert({
              where: { clusterNodeId_day: { clusterNodeId: node.id, day: dayDate(day.day) } },
              create: {
                orgId: node.orgId,
                projectId,
                serviceId,
                clusterNodeId: node.id,
                instanceType: node.instanceType,
                gpuType: node.gpuType,
                gpuCount: node.gpuCount,
                day: dayDate(day.day),
                ...values,
              },
              update: values,
            });
          }
          if (plan.deletes.length > 0)
            await tx.nodeDailyUsage.deleteMany({
              where: { clusterNodeId: node.id, day: { in: plan.deletes.map(dayDate) } },
            });
          rowsWritten += plan.upserts.length;
          rowsDeleted += plan.deletes.length;
          for (const d of [...plan.upserts.map((u) => u.day), ...plan.deletes])
            changed.push({ orgId: node.orgId, month: monthOf(d) });

          const through = new Date(Math.min(node.stoppedAt?.getTime() ?? now, now));
          if (node.meteredThrough?.getTime() !== through.getTime())
            await tx.clusterNode.update({
              where: { id: node.id },
              data: { meteredThrough: through },
            });
        }
        return { rowsWritten, rowsDeleted, unpricedSeconds, changed };
      },
      { timeout: 60_000 },
    );
  }
}
