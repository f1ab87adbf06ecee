import { Controller, Inject } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, Endpoint, Input } from '../http/endpoint';
import { DB } from '../infra/tokens';
import { iso } from '../organizations/serializers';
import { findService } from '../services/service-lookup';
import { serializeVersion } from '../services/service-serializers';

/** A version's deployed config and its deployer: what the console diffs and shows as "last deploy". */
@Controller()
export class ServiceVersionsController {
  constructor(@Inject(DB) private readonly db: Db) {}

  @Endpoint(routes.getServiceVersion)
  async get(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.getServiceVersion>,
  ) {
    const { project, service: serviceName, version: versionName } = input.params;
    const service = await findService(this.db, caller.orgId, project, serviceName);
    const version = await this.db.serviceVersion.findUnique({
      where: { serviceId_name: { serviceId: service.id, name: versionName } },
    });
    if (!version || version.orgId !== caller.orgId)
      throw AppError.notFound(`version "${versionName}"`);
    const rollout = await this.db.rollout.findFirst({
      where: { orgId: caller.orgId, toVersionId: version.id },
      orderBy: { createdAt: 'asc' },
    });
    const deployer = rollout?.createdById
      ? await this.db.user.findUnique({ where: { id: rollout.createdById } })
      : null;
    return {
      ...serializeVersion(version),
      config: version.config as Record<string, unknown>,
      deployed_by: deployer ? { user_id: deployer.id, email: deployer.email } : null,
      rollout_id: rollout?.id ?? null,
      deployed_at: iso(version.createdAt),
    };
  }
}
