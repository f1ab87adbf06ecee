import type { Db } from '@switchyard/db';
import { AppError } from '../http/app-error';
import { recordAudit } from '../audit/audit-log';
import { isUniqueViolation } from '../infra/prisma-errors';
import { issueToken } from '../tokens/token-issuer';

export interface NewOrganization {
  name: string;
  slug?: string;
  ownerEmail: string;
  ownerName?: string;
}

export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'org';
}

/**
 * An organization, its owner (an existing user is reused by email) and the owner's first
 * token with every scope, in one transaction with its audit entry. Used by the platform
 * bootstrap route and by `npm start`'s demo seed.
 */
export async function createOrganizationWithOwner(db: Db, input: NewOrganization, requestId: string) {
  const slug = input.slug ?? slugify(input.name);
  try {
    return await db.$transaction(async (tx) => {
      const organization = await tx.organization.create({ data: { name: input.name, slug } });
      const email = input.ownerEmail.toLowerCase();
      const owner = await tx.user.upsert({
        where: { email },
        create: { email, name: input.ownerName ?? null },
        update: {},
      });
      await tx.membership.create({ data: { orgId: organization.id, userId: owner.id, role: 'OWNER' } });
      const { token, secret } = await issueToken(tx, {
        orgId: organization.id,
        userId: owner.id,
        name: 'owner bootstrap token',
        scopes: ['READ', 'DEPLOY', 'ADMIN'],
        projectId: null,
        expiresAt: null,
      });
      await recordAudit(
        tx,
        { orgId: organization.id, userId: null, tokenId: null, requestId },
        { action: 'organization.create', targetType: 'organization', targetId: organization.id, details: { slug, owner: email } },
      );
      return { organization, owner, token, secret };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `an organization with slug "${slug}" already exists`);
    throw error;
  }
}
