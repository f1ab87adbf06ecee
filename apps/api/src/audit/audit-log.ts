import type { Actor } from '../auth/principal';
import type { DbOrTx } from '../infra/db-types';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/**
 * Writes an audit entry. Called inside the mutation's own transaction, so a mutation and
 * its audit entry are committed together or not at all. `details` must never hold secrets.
 */
export async function recordAudit(tx: DbOrTx, actor: Actor, record: AuditRecord): Promise<void> {
  await tx.auditLog.create({
    data: {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      actorTokenId: actor.tokenId,
      requestId: actor.requestId,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      details: (record.details ?? {}) as object,
    },
  });
}
