import { z } from 'zod';
import { routingEntrySchema } from './routing-entry';

/**
 * What the channel carries for every applied change. It carries the whole entry rather than
 * only `{ serviceId, revision }`: every gateway can apply it at once, without a read back to
 * Redis, so N gateways do not stampede Redis with N reads per change and a change reaches
 * traffic one round trip sooner. Entries are a few KB, well within what pub/sub is good at.
 * `version` is the global change counter after this change: a gap tells a subscriber it missed
 * a message, so it resyncs immediately instead of waiting for its timer.
 */
export const routingChangeMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('upsert'),
    version: z.number().int(),
    serviceId: z.string(),
    revision: z.number().int(),
    entry: routingEntrySchema,
  }),
  z.object({
    kind: z.literal('remove'),
    version: z.number().int(),
    serviceId: z.string(),
    revision: z.number().int(),
  }),
]);

export type RoutingChangeMessage = z.infer<typeof routingChangeMessageSchema>;

/** Parses one channel message; `null` when it is not a valid change (reported, then resynced). */
export function parseChangeMessage(raw: string): RoutingChangeMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = routingChangeMessageSchema.safeParse(json);
  if (!result.success) return null;
  const message = result.data;
  if (
    message.kind === 'upsert' &&
    (message.entry.serviceId !== message.serviceId || message.entry.revision !== message.revision)
  ) {
    return null;
  }
  return message;
}
