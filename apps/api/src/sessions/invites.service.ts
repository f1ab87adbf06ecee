import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@switchyard/contracts';
import type { Db, Invite } from '@switchyard/db';
import { generateApiToken, hashSecret } from '@switchyard/platform';
import { recordAudit } from '../audit/audit-log';
import type { Actor, Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { decodeCursor, toPage } from '../http/pagination';
import type { Clock } from '../infra/clock';
import { CLOCK, DB } from '../infra/tokens';
import { iso, isoOrNull } from '../organizations/serializers';
import { hashPassword, verifyPassword } from './password';
import { SessionsService, type StartedSession } from './sessions.service';

/** Invite link tokens: recognisable, and never valid as an API token or a session. */
const INVITE_TOKEN_PREFIX = 'syi_';

export function inviteState(invite: Invite, now: Date) {
  if (invite.acceptedAt) return 'ACCEPTED' as const;
  if (invite.revokedAt) return 'REVOKED' as const;
  return invite.expiresAt.getTime() <= now.getTime() ? ('EXPIRED' as const) : ('PENDING' as const);
}

export function serializeInvite(invite: Invite, now: Date) {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    state: inviteState(invite, now),
    expires_at: iso(invite.expiresAt),
    accepted_at: isoOrNull(invite.acceptedAt),
    created_at: iso(invite.createdAt),
  };
}

/**
 * One-time, expiring invitations. Accepting one may set a password only for a user who has none
 * and belongs nowhere yet: the inviting admin holds the link too, so letting it set the password
 * of an existing account would let an admin of one organization take over a member of another.
 */
@Injectable()
export class InvitesService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionsService,
  ) {}

  async create(
    caller: Principal,
    actor: Actor,
    input: { email: string; role: Role; expires_in_hours: number },
  ) {
    if (input.role === 'OWNER' && caller.role !== 'OWNER')
      throw AppError.forbidden('only owners can invite owners');
    const email = input.email.toLowerCase();
    const member = await this.db.membership.findFirst({
      where: { orgId: caller.orgId, user: { email } },
    });
    if (member) throw AppError.conflict(`${email} is already a member (role ${member.role})`);
    const token = generateApiToken(INVITE_TOKEN_PREFIX);
    const expiresAt = new Date(this.clock.now().getTime() + input.expires_in_hours * 3_600_000);
    const invite = await this.db.$transaction(async (tx) => {
      const created = await tx.invite.create({
        data: {
          orgId: caller.orgId,
          email,
          role: input.role,
          tokenHash: hashSecret(token),
          invitedById: caller.userId,
          expiresAt,
        },
      });
      await recordAudit(tx, actor, {
        action: 'invite.create',
        targetType: 'invite',
        targetId: created.id,
        details: { email, role: input.role, expiresAt: expiresAt.toISOString() },
      });
      return created;
    });
    return { invite, token };
  }

  async list(orgId: string, query: { limit: number; cursor?: string }) {
    const cursor = decodeCursor(query.cursor);
    const rows = await this.db.invite.findMany({
      where: { orgId, ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: 'desc' },
      take: query.limit + 1,
    });
    const now = this.clock.now();
    return toPage(
      rows,
      query.limit,
      (r) => r.id,
      (r) => serializeInvite(r, now),
    );
  }

  async revoke(caller: Principal, actor: Actor, inviteId: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const invite = await tx.invite.findFirst({ where: { id: inviteId, orgId: caller.orgId } });
      if (!invite) throw AppError.notFound('invite');
      if (invite.acceptedAt)
        throw AppError.conflict('the invite was already accepted; remove the member instead');
      if (invite.revokedAt) return;
      await tx.invite.update({ where: { id: invite.id }, data: { revokedAt: this.clock.now() } });
      await recordAudit(tx, actor, {
        action: 'invite.revoke',
        targetType: 'invite',
        targetId: invite.id,
        details: { email: invite.email },
      });
    });
  }

  /** A pending invite by its link token; used, revoked, expired and unknown all read as "not found". */
  private async pending(token: string) {
    if (!token.startsWith(INVITE_TOKEN_PREFIX)) throw AppError.notFound('invite');
    const invite = await this.db.invite.findUnique({
      where: { tokenHash: hashSecret(token) },
      include: { organization: true },
    });
    if (!invite || inviteState(invite, this.clock.now()) !== 'PENDING')
      throw AppError.notFound('invite');
    return invite;
  }

  async preview(token: string) {
    const invite = await this.pending(token);
    const user = await this.db.user.findUnique({ where: { email: invite.email } });
    return {
      organization: { slug: invite.organization.slug, name: invite.organization.name },
      email: invite.email,
      role: invite.role,
      expires_at: iso(invite.expiresAt),
      password_required: user?.passwordHash ? ('EXISTING' as const) : ('NEW' as const),
    };
  }

  async accept(
    token: string,
    password: string,
    name: string | undefined,
    requestId: string,
  ): Promise<StartedSession> {
    const invite = await this.pending(token);
    const user = await this.db.user.findUnique({
      where: { email: invite.email },
      include: { _count: { select: { memberships: true } } },
    });
    if (user?.passwordHash) {
      if (!(await verifyPassword(password, user.passwordHash))) {
        throw new AppError(
          'unauthenticated',
          'this account already has a password: enter it to accept the invite',
        );
      }
    } else if (user && user._count.memberships > 0) {
      throw AppError.conflict(
        `${invite.email} already uses API tokens without a console password; ask an owner of their organization to set one`,
      );
    }
    const passwordHash = user?.passwordHash ? null : await hashPassword(password);
    return this.db.$transaction(async (tx) => {
      // The conditional update is what makes the link one-time: of two concurrent accepts, one matches.
      const consumed = await tx.invite.updateMany({
        where: {
          id: invite.id,
          acceptedAt: null,
          revokedAt: null,
          expiresAt: { gt: this.clock.now() },
        },
        data: { acceptedAt: this.clock.now() },
      });
      if (consumed.count !== 1) throw AppError.notFound('invite');
      const member = user
        ? await tx.user.update({
            where: { id: user.id },
            data: passwordHash ? { passwordHash, ...(name ? { name } : {}) } : {},
          })
        : await tx.user.create({ data: { email: invite.email, name: name ?? null, passwordHash } });
      const existing = await tx.membership.findUnique({
        where: { orgId_userId: { orgId: invite.orgId, userId: member.id } },
      });
      if (existing)
        throw AppError.conflict(`${invite.email} is already a member (role ${existing.role})`);
      const membership = await tx.membership.create({
        data: { orgId: invite.orgId, userId: member.id, role: invite.role },
      });
      await recordAudit(
        tx,
        { orgId: invite.orgId, userId: member.id, tokenId: null, requestId },
        {
          action: 'invite.accept',
          targetType: 'invite',
          targetId: invite.id,
          details: { email: invite.email, role: invite.role },
        },
      );
      return this.sessions.start(tx, member.id, membership);
    });
  }
}
