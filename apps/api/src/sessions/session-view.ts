import type { z } from 'zod';
import type { sessionSchema } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import type { Principal } from '../auth/principal';
import { iso, serializeOrganization, serializeUser } from '../organizations/serializers';

/**
 * What `GET /v1/session` (and sign-in, invite acceptance) answer: who the caller is, where they
 * act, and the CSRF token for a cookie session. A token belongs to one organization, so that is
 * the only one it lists.
 */
export async function sessionView(
  db: Db,
  principal: Principal,
  session: { csrfToken: string; expiresAt: Date } | null,
): Promise<z.input<typeof sessionSchema>> {
  const [user, memberships] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: principal.userId } }),
    db.membership.findMany({
      where: {
        userId: principal.userId,
        ...(principal.kind === 'token' ? { orgId: principal.orgId } : {}),
      },
      include: { organization: true },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const current = memberships.find((m) => m.orgId === principal.orgId);
  if (!current)
    throw new Error(
      `principal of user ${principal.userId} has no membership in ${principal.orgId}`,
    );
  return {
    user: serializeUser(user),
    organization: serializeOrganization(current.organization),
    role: principal.role,
    organizations: memberships.map((m) => ({
      id: m.orgId,
      slug: m.organization.slug,
      name: m.organization.name,
      role: m.role,
    })),
    csrf_token: session?.csrfToken ?? null,
    expires_at: session ? iso(session.expiresAt) : null,
  };
}
