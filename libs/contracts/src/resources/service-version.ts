import { z } from 'zod';
import { dnsLabel, timestamp, uuid } from './common';
import { versionSummarySchema } from './service';

export const serviceVersionParams = z.strictObject({
  project: dnsLabel,
  service: dnsLabel,
  version: z.string().min(1).max(128),
});

/** One version as deployed: its config (for the console's primary-vs-canary diff) and who deployed it. */
export const serviceVersionDetailSchema = versionSummarySchema
  .extend({
    config: z
      .record(z.string(), z.unknown())
      .describe('The validated service config, as deployed.'),
    deployed_by: z
      .object({ user_id: uuid, email: z.string() })
      .nullable()
      .describe(
        'Who started the rollout that deployed this version; null when unknown (removed user, seed).',
      ),
    rollout_id: uuid.nullable().describe('The rollout that deployed this version.'),
    deployed_at: timestamp,
  })
  .meta({ id: 'ServiceVersionDetail' });
