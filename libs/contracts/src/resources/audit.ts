import { z } from 'zod';
import { timestamp, uuid } from './common';

export const auditEntrySchema = z
  .object({
    id: uuid,
    action: z.string().describe('e.g. `project.create`, `member.role_change`, `token.revoke`.'),
    target_type: z.string(),
    target_id: z.string(),
    actor_user_id: uuid.nullable(),
    actor_token_id: uuid.nullable(),
    request_id: z.string(),
    details: z.record(z.string(), z.unknown()),
    created_at: timestamp,
  })
  .meta({ id: 'AuditEntry' });
