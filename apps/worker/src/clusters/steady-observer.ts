import { isDeepStrictEqual } from 'node:util';
import type { Db, Prisma } from '@switchyard/db';
import type { Logger } from '@switchyard/platform';
import type { ProviderFor } from '../providers/provider-registry';
import { observedSummary } from '../rollouts/tick-writes';

export interface SteadyObservation {
  /** Versions described. */
  versions: number;
  /** Services whose routing entry changed (to be republished). */
  changed: string[];
  failed: number;
}

const ACTIVE_ROLLOUT: Prisma.RolloutWhereInput = {
  state: { notIn: ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'CANCELLED'] },
};

/**
 * Between rollouts nobody ticks, yet replicas still change: the local provider restarts a
 * crashed one on a new port, autoscaling adds and drains replicas, a cloud node dies. This
 * observer describes the serving version of every service that has no active rollout, and when
 * what gateways need (replica endpoints, readiness, draining, health) differs from what is
 * stored, writes it with the next routing revision — the caller then republishes the entry.
 * Services with an active rollout are left to its ticks, which observe the same way.
 *
 * Health follows Anyscale's states: a serving version that stops passing its health checks is
 * UNHEALTHY, and so is its service; it is RUNNING again once healthy.
 */
export class SteadyObserver {
  constructor(
    private readonly db: Db,
    private readonly providerFor: ProviderFor,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<SteadyObservation> {
    const services = await this.db.service.findMany({
      where: {
        state: { in: ['RUNNING', 'UNHEALTHY'] },
        primaryVersionId: { not: null },
        rollouts: { none: ACTIVE_ROLLOUT },
      },
      select: {
        id: true,
        state: true,
        primary: {
          select: {
            id: true,
            state: true,
            observed: true,
            clusters: {
              where: { state: { not: 'TERMINATED' }, providerClusterId: { not: null } },
              orderBy: { createdAt: 'desc' },
              take: 1,
            },
          },
        },
      },
    });
    const result: SteadyObservation = { versions: 0, changed: [], failed: 0 };
    for (const service of services) {
      const version = service.primary;
      const cluster = version?.clusters[0];
      if (!version || !cluster?.providerClusterId) continue;
      result.versions++;
      let status;
      try {
        status = await (
          await this.providerFor(cluster)
        ).describeCluster({ providerClusterId: cluster.providerClusterId });
      } catch (error) {
        result.failed++;
        this.logger.warn(
          { err: error, serviceId: service.id },
          'could not observe a serving version',
        );
        continue;
      }
      const observed = observedSummary(status, version.observed);
      const versionState = status.healthy ? 'RUNNING' : 'UNHEALTHY';
      const serviceState = status.healthy ? 'RUNNING' : 'UNHEALTHY';
      if (
        isDeepStrictEqual(observed, version.observed) &&
        version.state === versionState &&
        service.state === serviceState
      )
        continue;
      const written = await this.db.$transaction(async (tx) => {
        // Re-checked inside the transaction: a rollout that started meanwhile owns the version now.
        const rollouts = await tx.rollout.count({
          where: { serviceId: service.id, ...ACTIVE_ROLLOUT },
        });
        if (rollouts > 0) return false;
        await tx.serviceVersion.update({
          where: { id: version.id },
          data: { observed: observed as Prisma.InputJsonValue, state: versionState },
        });
        await tx.service.update({
          where: { id: service.id },
          data: { state: serviceState, routingRevision: { increment: 1 } },
        });
        return true;
      });
      if (written) result.changed.push(service.id);
    }
    if (result.changed.length || result.failed)
      this.logger.info(result, 'serving versions observed');
    return result;
  }
}
