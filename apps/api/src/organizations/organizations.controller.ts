import { Controller, Inject } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { recordAudit } from '../audit/audit-log';
import { actorOf, type Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import { DB } from '../infra/tokens';
import { serializeToken } from './serializers';
import { serializeOrganization, serializeUser } from './serializers';
import { createOrganizationWithOwner } from './create-organization';

@Controller()
export class OrganizationsController {
  constructor(@Inject(DB) private readonly db: Db) {}

  @Endpoint(routes.createOrganization)
  async create(@Input() input: RouteInput<typeof routes.createOrganization>, @RequestId() requestId: string) {
    const { organization, owner, token, secret } = await createOrganizationWithOwner(
      this.db,
      { name: input.body.name, slug: input.body.slug, ownerEmail: input.body.owner_email, ownerName: input.body.owner_name },
      requestId,
    );
    return {
      organization: serializeOrganization(organization),
      owner: serializeUser(owner),
      token: { ...serializeToken(token), secret },
    };
  }

  @Endpoint(routes.me)
  async me(@Caller() caller: Principal) {
    const [organization, user, token] = await Promise.all([
      this.db.organization.findUniqueOrThrow({ where: { id: caller.orgId } }),
      this.db.user.findUniqueOrThrow({ where: { id: caller.userId } }),
      caller.tokenId ? this.db.apiToken.findUniqueOrThrow({ where: { id: caller.tokenId } }) : null,
    ]);
    return {
      organization: serializeOrganization(organization),
      user: serializeUser(user),
      role: caller.role,
      // A console session stands where the token would: it holds every scope its role allows.
      token: token
        ? { id: token.id, name: token.name, scopes: token.scopes, project: caller.project?.name ?? null }
        : { id: caller.sessionId!, name: 'console session', scopes: caller.scopes, project: null },
    };
  }

  @Endpoint(routes.getOrganization)
  async get(@Caller() caller: Principal) {
    const org = await this.db.organization.findUnique({ where: { id: caller.orgId } });
    if (!org) throw AppError.notFound('organization');
    return serializeOrganization(org);
  }

  @Endpoint(routes.updateOrganization)
  async update(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.updateOrganization>,
    @RequestId() requestId: string,
  ) {
    const org = await this.db.$transaction(async (tx) => {
      const before = await tx.organization.findUniqueOrThrow({ where: { id: caller.orgId } });
      const updated = await tx.organization.update({ where: { id: caller.orgId }, data: { name: input.body.name } });
      await recordAudit(tx, actorOf(caller, requestId), {
        action: 'organization.update',
        targetType: 'organization',
        targetId: caller.orgId,
        details: { name: { from: before.name, to: updated.name } },
      });
      return updated;
    });
    return serializeOrganization(org);
  }
}
