import { Controller, Inject } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import type { Principal } from '../auth/principal';
import { Caller, Endpoint, Input } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import { DB } from '../infra/tokens';

@Controller()
export class AuditController {
  constructor(@Inject(DB) private readonly db: Db) {}

  @Endpoint(routes.listAuditLog)
  async list(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listAuditLog>) {
    const cursor = decodeCursor(input.query.cursor);
    // Newest first; ids are UUIDv7, so id order is time order.
    const rows = await this.db.auditLog.findMany({
      where: { orgId: caller.orgId, ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: 'desc' },
      take: input.query.limit + 1,
    });
    return toPage(rows, input.query.limit, (r) => r.id, (r) => ({
      id: r.id,
      action: r.action,
      target_type: r.targetType,
      target_id: r.targetId,
      actor_user_id: r.actorUserId,
      actor_token_id: r.actorTokenId,
      request_id: r.requestId,
      details: r.details as Record<string, unknown>,
      created_at: r.createdAt.toISOString(),
    }));
  }
}
