import { Inject, Injectable } from '@nestjs/common';
import type { Db, RolloutCommandKind } from '@switchyard/db';
import type { JobQueue, TickChain } from '@switchyard/jobs';
import { recordAudit } from '../audit/audit-log';
import type { Actor } from '../auth/principal';
import { AppError } from '../http/app-error';
import type { Clock } from '../infra/clock';
import { CLOCK, DB, JOBS, TICKS } from '../infra/tokens';
import { activeRolloutOf, findService } from './service-lookup';
import { ServiceViews } from './service-views';

/**
 * User commands on a running rollout (canary percent, rollback, terminate). They are queued in
 * Postgres and handed to the state machine one per tick, so a command is never lost to a Redis
 * flush and never applied twice.
 */
@Injectable()
export class RolloutCommandsService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOBS) private readonly jobs: JobQueue,
    @Inject(TICKS) private readonly ticks: TickChain,
    private readonly views: ServiceViews,
  ) {}

  async enqueue(actor: Actor, project: string, serviceName: string, kind: RolloutCommandKind, payload: Record<string, unknown>) {
    const rolloutId = await this.db.$transaction(async (tx) => {
      const service = await findService(tx, actor.orgId, project, serviceName);
      await tx.$queryRaw`SELECT id FROM services WHERE id = ${service.id}::uuid FOR UPDATE`;
      const rollout = await activeRolloutOf(tx, actor.orgId, service.id);
      if (!rollout) throw AppError.conflict(`service "${serviceName}" has no active rollout`);
      if (rollout.strategy === 'INITIAL' && kind !== 'TERMINATE') {
        throw AppError.conflict('the first version of a service cannot be rolled back or held at a canary percent; terminate it instead');
      }
      await tx.rolloutCommand.create({ data: { orgId: actor.orgId, rolloutId: rollout.id, kind, payload: payload as object, requestId: actor.requestId } });
      if (kind === 'TERMINATE') await tx.service.update({ where: { id: service.id }, data: { state: 'TERMINATING' } });
      await recordAudit(tx, actor, { action: `service.${kind.toLowerCase()}`, targetType: 'service', targetId: service.id, details: { rolloutId: rollout.id, ...payload } });
      return rollout.id;
    });
    const now = this.clock.now().getTime();
    await this.ticks.schedule(rolloutId, now, now);
    return { rollout: await this.views.rollout(this.db, actor.orgId, rolloutId), command: kind };
  }

  /** Terminate with no rollout running: the worker terminates every cluster of the service. */
  async terminate(actor: Actor, project: string, serviceName: string) {
    const service = await findService(this.db, actor.orgId, project, serviceName);
    const active = await activeRolloutOf(this.db, actor.orgId, service.id);
    if (active) {
      await this.enqueue(actor, project, serviceName, 'TERMINATE', {});
    } else {
      if (service.state === 'TERMINATED') return this.views.service(this.db, actor.orgId, service.id);
      await this.db.$transaction(async (tx) => {
        await tx.service.update({ where: { id: service.id }, data: { state: 'TERMINATING' } });
        await recordAudit(tx, actor, { action: 'service.terminate', targetType: 'service', targetId: service.id, details: {} });
      });
      await this.jobs.enqueue('service.terminate', { serviceId: service.id }, { jobId: `terminate-${service.id}-${this.clock.now().getTime()}` });
    }
    return this.views.service(this.db, actor.orgId, service.id);
  }
}
