import { Controller, Inject } from '@nestjs/common';
import { MIN_ROLE_FOR_SCOPE, roleAtLeast, routes, TOKEN_ADMIN_ROLE, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { recordAudit } from '../audit/audit-log';
import { actorOf, type Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import type { Clock } from '../infra/clock';
import { CLOCK, DB } from '../infra/tokens';
import { serializeToken } from '../organizations/serializers';
import { issueToken } from './token-issuer';

const DAY_MS = 86_400_000;

@Controller()
export class TokensController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private isTokenAdmin(caller: Principal): boolean {
    return roleAtLeast(caller.role, TOKEN_ADMIN_ROLE);
  }

  @Endpoint(routes.listTokens)
  async list(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listTokens>) {
    const cursor = decodeCursor(input.query.cursor);
    const rows = await this.db.apiToken.findMany({
      where: {
        orgId: caller.orgId,
        ...(this.isTokenAdmin(caller) ? {} : { userId: caller.userId }),
        ...(cursor ? { id: { lt: cursor } } : {}),
      },
      orderBy: { id: 'desc' },
      take: input.query.limit + 1,
      include: { project: { select: { name: true } } },
    });
    return toPage(rows, input.query.limit, (r) => r.id, serializeToken);
  }

  @Endpoint(routes.createToken)
  async create(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.createToken>, @RequestId() requestId: string) {
    const body = input.body;
    const userId = body.user_id ?? caller.userId;
    if (userId !== caller.userId && !this.isTokenAdmin(caller)) {
      throw AppError.forbidden(`issuing tokens for other members requires role ${TOKEN_ADMIN_ROLE}`);
    }
    const { token, secret } = await this.db.$transaction(async (tx) => {
      const member = await tx.membership.findUnique({ where: { orgId_userId: { orgId: caller.orgId, userId } } });
      if (!member) throw new AppError('not_found', 'member not found', [{ path: 'body.user_id', message: 'no such member' }]);
      const tooHigh = body.scopes.filter((s) => !roleAtLeast(member.role, MIN_ROLE_FOR_SCOPE[s]));
      if (tooHigh.length > 0) {
        throw AppError.invalid([{ path: 'body.scopes', message: `role ${member.role} cannot hold scope(s) ${tooHigh.join(', ')}` }]);
      }
      let projectId: string | null = null;
      if (body.project) {
        const project = await tx.project.findUnique({ where: { orgId_name: { orgId: caller.orgId, name: body.project } } });
        if (!project) throw new AppError('not_found', `project "${body.project}" not found`, [{ path: 'body.project', message: 'no such project' }]);
        projectId = project.id;
      }
      const expiresAt = body.expires_in_days ? new Date(this.clock.now().getTime() + body.expires_in_days * DAY_MS) : null;
      const issued = await issueToken(tx, { orgId: caller.orgId, userId, name: body.name, scopes: body.scopes, projectId, expiresAt });
      await recordAudit(tx, actorOf(caller, requestId), {
        action: 'token.create',
        targetType: 'api_token',
        targetId: issued.token.id,
        details: { name: body.name, scopes: body.scopes, project: body.project ?? null, userId, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return issued;
    });
    return { ...serializeToken(token), secret };
  }

  @Endpoint(routes.revokeToken)
  async revoke(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.revokeToken>, @RequestId() requestId: string) {
    await this.db.$transaction(async (tx) => {
      const token = await tx.apiToken.findFirst({
        where: { id: input.params.token_id, orgId: caller.orgId, ...(this.isTokenAdmin(caller) ? {} : { userId: caller.userId }) },
      });
      // Another member's token is "not found" to a non-admin: its existence is not theirs to learn.
      if (!token) throw AppError.notFound('token');
      if (token.revokedAt) return;
      await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: this.clock.now() } });
      await recordAudit(tx, actorOf(caller, requestId), { action: 'token.revoke', targetType: 'api_token', targetId: token.id, details: { name: token.name } });
    });
  }
}
