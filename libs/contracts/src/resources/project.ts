import { z } from 'zod';
import { dnsLabel, timestamp, uuid } from './common';

export const projectSchema = z
  .object({
    id: uuid,
    name: z.string(),
    description: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Project' });

export const createProjectBody = z.strictObject({
  name: dnsLabel,
  description: z.string().max(500).optional(),
});
export const updateProjectBody = z.strictObject({ description: z.string().max(500).nullable() });
export const projectParams = z.strictObject({ project: dnsLabel });
