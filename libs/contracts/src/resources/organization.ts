import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../roles';
import { dnsLabel, timestamp, uuid } from './common';

export const organizationSchema = z
  .object({ id: uuid, name: z.string(), slug: z.string(), created_at: timestamp })
  .meta({ id: 'Organization' });

export const userSchema = z
  .object({ id: uuid, email: z.email(), name: z.string().nullable() })
  .meta({ id: 'User' });

export const memberSchema = z
  .object({
    user_id: uuid,
    email: z.email(),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    created_at: timestamp,
  })
  .meta({ id: 'Member' });

export const updateOrganizationBody = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const addMemberBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(ROLES),
});
export const changeMemberRoleBody = z.strictObject({ role: z.enum(ROLES) });
export const memberParams = z.strictObject({ user_id: uuid });

export const meSchema = z
  .object({
    organization: organizationSchema,
    user: userSchema,
    role: z.enum(ROLES),
    token: z.object({
      id: uuid,
      name: z.string(),
      scopes: z.array(z.enum(TOKEN_SCOPES)),
      project: z.string().nullable(),
    }),
  })
  .meta({ id: 'Me' });

/** Platform bootstrap: an organization with its owner and the owner's first token. */
export const createOrganizationBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  slug: dnsLabel.optional().describe('Defaults to a slug of the name.'),
  owner_email: z.email().max(254),
  owner_name: z.string().trim().min(1).max(100).optional(),
});
