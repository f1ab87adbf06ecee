import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { recordAudit } from '../audit/audit-log';
import type { Actor, Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import type { Tx } from '../infra/db-types';
import { DB } from '../infra/tokens';

/**
 * Membership rules: only owners grant, change or remove OWNER; an organization always keeps
 * at least one owner. Changes lock the organization row, so two concurrent demotions cannot
 * both see "another owner remains".
 */
@Injectable()
export class MembersService {
  constructor(@Inject(DB) private readonly db: Db) {}

  async add(caller: Principal, actor: Actor, input: { email: string; name?: string; role: Role }) {
    if (input.role === 'OWNER' && caller.role !== 'OWNER') throw AppError.forbidden('only owners can add owners');
    const email = input.email.toLowerCase();
    return this.db.$transaction(async (tx) => {
      await lockOrganization(tx, caller.orgId);
      const user = await tx.user.upsert({ where: { email }, create: { email, name: input.name ?? null }, update: {} });
      const existing = await tx.membership.findUnique({ where: { orgId_userId: { orgId: caller.orgId, userId: user.id } } });
      if (existing) throw AppError.conflict(`${email} is already a member (role ${existing.role})`);
      const member = await tx.membership.create({
        data: { orgId: caller.orgId, userId: user.id, role: input.role },
        include: { user: true },
      });
      await recordAudit(tx, actor, { action: 'member.add', targetType: 'user', targetId: user.id, details: { email, role: input.role } });
      return member;
    });
  }

  async changeRole(caller: Principal, actor: Actor, userId: string, role: Role) {
    return this.db.$transaction(async (tx) => {
      await lockOrganization(tx, caller.orgId);
      const member = await findMember(tx, caller.orgId, userId);
      if ((member.role === 'OWNER' || role === 'OWNER') && caller.role !== 'OWNER') {
        throw AppError.forbidden('only owners can grant or take away the OWNER role');
      }
      if (member.role === 'OWNER' && role !== 'OWNER') await assertAnotherOwner(tx, caller.orgId);
      const updated = await tx.membership.update({
        where: { orgId_userId: { orgId: caller.orgId, userId } },
        data: { role },
        include: { user: true },
      });
      await recordAudit(tx, actor, { action: 'member.role_change', targetType: 'user', targetId: userId, details: { from: member.role, to: role } });
      return updated;
    });
  }

  async remove(caller: Principal, actor: Actor, userId: string) {
    await this.db.$transaction(async (tx) => {
      await lockOrganization(tx, caller.orgId);
      const member = await findMember(tx, caller.orgId, userId);
      if (member.role === 'OWNER' && caller.role !== 'OWNER') throw AppError.forbidden('only owners can remove owners');
      if (member.role === 'OWNER') await assertAnotherOwner(tx, caller.orgId);
      await tx.membership.delete({ where: { orgId_userId: { orgId: caller.orgId, userId } } });
      // A removed member's tokens must stop working at once, not merely fail the membership check.
      const revoked = await tx.apiToken.updateMany({
        where: { orgId: caller.orgId, userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      await recordAudit(tx, actor, { action: 'member.remove', targetType: 'user', targetId: userId, details: { role: member.role, tokensRevoked: revoked.count } });
    });
  }
}

async function lockOrganization(tx: Tx, orgId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${orgId}::uuid FOR UPDATE`;
}

async function findMember(tx: Tx, orgId: string, userId: string) {
  const member = await tx.membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
  if (!member) throw AppError.notFound('member');
  return member;
}

async function assertAnotherOwner(tx: Tx, orgId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { orgId, role: 'OWNER' } });
  if (owners <= 1) throw AppError.conflict('an organization must keep at least one owner');
}
