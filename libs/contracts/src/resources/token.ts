import { z } from 'zod';
import { TOKEN_SCOPES } from '../roles';
import { dnsLabel, timestamp, uuid } from './common';

export const apiTokenSchema = z
  .object({
    id: uuid,
    name: z.string(),
    prefix: z.string().describe('The first characters of the secret, to tell tokens apart.'),
    user_id: uuid,
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    project: z.string().nullable().describe('When set, the token acts only inside this project.'),
    expires_at: timestamp.nullable(),
    last_used_at: timestamp.nullable().describe('Recorded at most once a minute.'),
    revoked_at: timestamp.nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'ApiToken' });

export const createdApiTokenSchema = apiTokenSchema
  .extend({ secret: z.string().describe('Shown once, here; only its SHA-256 is stored.') })
  .meta({ id: 'CreatedApiToken' });

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1)
    .refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
  project: dnsLabel.optional().describe('Restrict the token to one project.'),
  expires_in_days: z.number().int().min(1).max(3650).optional(),
  user_id: uuid.optional().describe('Issue the token for another member (admins only).'),
});
export const tokenParams = z.strictObject({ token_id: uuid });
