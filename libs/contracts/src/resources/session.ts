import { z } from 'zod';
import { ROLES } from '../roles';
import { timestamp, uuid } from './common';
import { organizationSchema, userSchema } from './organization';

/** The cookie a console sign-in sets (httpOnly, SameSite=Lax, Secure over https). */
export const SESSION_COOKIE = 'sy_session';
/** The header every cookie-authenticated mutation must carry, with the session's CSRF token. */
export const CSRF_HEADER = 'X-CSRF-Token';
/**
 * The organization (slug) a cookie-authenticated request acts in: a session belongs to the user,
 * who may be a member of several organizations. Without it, the user's oldest membership.
 */
export const ORGANIZATION_HEADER = 'X-Switchyard-Organization';

/** Passwords: long enough to matter, short enough that hashing one is bounded work. */
export const password = z
  .string()
  .min(10, 'at least 10 characters')
  .max(200, 'at most 200 characters');

export const signInBody = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

export const sessionSchema = z
  .object({
    user: userSchema,
    organization: organizationSchema.describe('The organization this request acted in.'),
    role: z.enum(ROLES),
    organizations: z
      .array(z.object({ id: uuid, slug: z.string(), name: z.string(), role: z.enum(ROLES) }))
      .describe('Every organization the user belongs to (the console’s organization switcher).'),
    csrf_token: z
      .string()
      .nullable()
      .describe(
        `Send as ${CSRF_HEADER} on every mutating request made with the session cookie; null for bearer tokens.`,
      ),
    expires_at: timestamp.nullable().describe('When the session ends; null for bearer tokens.'),
  })
  .meta({ id: 'Session' });

export const INVITE_TTL_HOURS_DEFAULT = 72;

export const createInviteBody = z.strictObject({
  email: z.email().max(254),
  role: z.enum(ROLES),
  expires_in_hours: z.number().int().min(1).max(720).default(INVITE_TTL_HOURS_DEFAULT),
});
export const inviteParams = z.strictObject({ invite_id: uuid });

export const inviteSchema = z
  .object({
    id: uuid,
    email: z.email(),
    role: z.enum(ROLES),
    state: z.enum(['PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED']),
    expires_at: timestamp,
    accepted_at: timestamp.nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'Invite' });

export const createdInviteSchema = inviteSchema
  .extend({
    token: z.string().describe('The one-time token, shown once, here; only its SHA-256 is stored.'),
    accept_url: z
      .string()
      .describe('The console link to hand to the invitee (there is no mail server).'),
  })
  .meta({ id: 'CreatedInvite' });

export const inviteTokenBody = z.strictObject({ token: z.string().min(1).max(200) });

export const invitePreviewSchema = z
  .object({
    organization: z.object({ slug: z.string(), name: z.string() }),
    email: z.email(),
    role: z.enum(ROLES),
    expires_at: timestamp,
    password_required: z
      .enum(['NEW', 'EXISTING'])
      .describe(
        'NEW: choose a password; EXISTING: the user already has one and confirms it to join.',
      ),
  })
  .meta({ id: 'InvitePreview' });

export const acceptInviteBody = z.strictObject({
  token: z.string().min(1).max(200),
  password,
  name: z.string().trim().min(1).max(100).optional(),
});
