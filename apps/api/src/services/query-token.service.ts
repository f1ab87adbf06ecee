import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@switchyard/db';
import type { JobQueue } from '@switchyard/jobs';
import { generateApiToken, hashSecret, uuidv7 } from '@switchyard/platform';
import { recordAudit } from '../audit/audit-log';
import type { Actor } from '../auth/principal';
import { AppError } from '../http/app-error';
import { DB, JOBS } from '../infra/tokens';
import { QUERY_TOKEN_PREFIX } from './deploy.service';
import { findService } from './service-lookup';
import { ServiceViews } from './service-views';

/**
 * Rotation of a service's query token without a moment in which callers are refused: `rotate`
 * issues a new token while the current one stays valid (gateways accept both hashes), callers
 * move over, then `finish` drops the old hash. Only hashes are stored; the new secret is shown
 * once. Each change bumps the routing revision and asks the worker to republish the entry, so
 * gateways see it within a second or two (the reconciler repairs a lost publish).
 */
@Injectable()
export class QueryTokenService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(JOBS) private readonly jobs: JobQueue,
    private readonly views: ServiceViews,
  ) {}

  async rotate(actor: Actor, project: string, serviceName: string) {
    const token = generateApiToken(QUERY_TOKEN_PREFIX);
    const serviceId = await this.db.$transaction(async (tx) => {
      const found = await findService(tx, actor.orgId, project, serviceName);
      const [service] = await tx.$queryRaw<
        {
          queryAuthEnabled: boolean;
          queryTokenHash: string | null;
          previousQueryTokenHash: string | null;
          state: string;
        }[]
      >`
        SELECT "queryAuthEnabled", "queryTokenHash", "previousQueryTokenHash", "state"::text FROM services WHERE id = ${found.id}::uuid FOR UPDATE`;
      if (!service || service.state === 'TERMINATED')
        throw AppError.conflict(`service "${serviceName}" is terminated`);
      if (!service.queryAuthEnabled || !service.queryTokenHash) {
        throw AppError.conflict(
          `service "${serviceName}" does not require a query token (query_auth_token_enabled is false)`,
        );
      }
      if (service.previousQueryTokenHash) {
        throw AppError.conflict(
          `a query-token rotation of service "${serviceName}" is in progress: finish it first`,
        );
      }
      await tx.service.update({
        where: { id: found.id },
        data: {
          previousQueryTokenHash: service.queryTokenHash,
          queryTokenHash: hashSecret(token),
          routingRevision: { increment: 1 },
        },
      });
      await recordAudit(tx, actor, {
        action: 'service.query_token.rotate',
        targetType: 'service',
        targetId: found.id,
        details: {},
      });
      return found.id;
    });
    await this.publish(serviceId);
    return {
      query_token: token,
      service: await this.views.service(this.db, actor.orgId, serviceId),
    };
  }

  async finish(actor: Actor, project: string, serviceName: string) {
    const serviceId = await this.db.$transaction(async (tx) => {
      const found = await findService(tx, actor.orgId, project, serviceName);
      const [service] = await tx.$queryRaw<{ previousQueryTokenHash: string | null }[]>`
        SELECT "previousQueryTokenHash" FROM services WHERE id = ${found.id}::uuid FOR UPDATE`;
      if (!service?.previousQueryTokenHash)
        throw AppError.conflict(
          `no query-token rotation of service "${serviceName}" is in progress`,
        );
      await tx.service.update({
        where: { id: found.id },
        data: { previousQueryTokenHash: null, routingRevision: { increment: 1 } },
      });
      await recordAudit(tx, actor, {
        action: 'service.query_token.finish_rotation',
        targetType: 'service',
        targetId: found.id,
        details: {},
      });
      return found.id;
    });
    await this.publish(serviceId);
    return this.views.service(this.db, actor.orgId, serviceId);
  }

  private async publish(serviceId: string) {
    // One job per change (a fresh id), so a second change is never deduplicated away.
    await this.jobs.enqueue(
      'service.publish-routing',
      { serviceId },
      { jobId: `publish-${serviceId}-${uuidv7()}` },
    );
  }
}
