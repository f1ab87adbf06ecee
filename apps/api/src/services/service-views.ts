import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '../config';
import { AppError } from '../http/app-error';
import type { DbOrTx } from '../infra/db-types';
import { CONFIG } from '../infra/tokens';
import { rolloutInclude, serializeRollout, serializeService, serializeVersion, serviceInclude } from './service-serializers';

/** Loads and serialises services, versions and rollouts the same way for every route. */
@Injectable()
export class ServiceViews {
  constructor(@Inject(CONFIG) private readonly config: ApiConfig) {}

  private get urls() {
    return { baseDomain: this.config.SERVICE_BASE_DOMAIN, gatewayUrl: this.config.GATEWAY_PUBLIC_URL.replace(/\/$/, '') };
  }

  async service(db: DbOrTx, orgId: string, serviceId: string) {
    const service = await db.service.findFirst({ where: { id: serviceId, orgId }, include: serviceInclude });
    if (!service) throw AppError.notFound('service');
    return serializeService(service, this.urls);
  }

  serializeService(service: Parameters<typeof serializeService>[0]) {
    return serializeService(service, this.urls);
  }

  async version(db: DbOrTx, versionId: string) {
    return serializeVersion(await db.serviceVersion.findUniqueOrThrow({ where: { id: versionId } }));
  }

  async rollout(db: DbOrTx, orgId: string, rolloutId: string) {
    const rollout = await db.rollout.findFirst({ where: { id: rolloutId, orgId }, include: rolloutInclude });
    if (!rollout) throw AppError.notFound('rollout');
    return serializeRollout(rollout);
  }
}
