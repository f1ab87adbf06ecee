import type { ApiToken, Membership, Organization, Project, User } from '@switchyard/db';

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function serializeOrganization(org: Organization) {
  return { id: org.id, name: org.name, slug: org.slug, created_at: iso(org.createdAt) };
}

export function serializeUser(user: User) {
  return { id: user.id, email: user.email, name: user.name };
}

export function serializeMember(m: Membership & { user: User }) {
  return { user_id: m.userId, email: m.user.email, name: m.user.name, role: m.role, created_at: iso(m.createdAt) };
}

export function serializeToken(t: ApiToken & { project: Pick<Project, 'name'> | null }) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    user_id: t.userId,
    scopes: t.scopes,
    project: t.project?.name ?? null,
    expires_at: isoOrNull(t.expiresAt),
    last_used_at: isoOrNull(t.lastUsedAt),
    revoked_at: isoOrNull(t.revokedAt),
    created_at: iso(t.createdAt),
  };
}
