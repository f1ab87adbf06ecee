import { z } from 'zod';
import { uuid } from './common';

/**
 * The console's live traffic chart: per version, per second, what every gateway served. The
 * gateways keep these counters in Redis for `GATEWAY_TELEMETRY_WINDOW_S` (600 s by default), so
 * a longer window is mostly empty; one hour is also the most the reader takes in one call.
 */
export const TRAFFIC_WINDOW_MAX_S = 3600;

export const serviceTrafficQuery = z.strictObject({
  window_s: z.coerce
    .number()
    .int()
    .min(1)
    .max(TRAFFIC_WINDOW_MAX_S)
    .default(60)
    .describe('How many seconds back, ending with the last whole second.'),
});

const perSecond = <T extends z.ZodType>(value: T, what: string) =>
  z.array(value).describe(`${what}; index i is second from_second + i.`);

export const versionTrafficSchema = z.object({
  id: uuid,
  name: z.string(),
  role: z
    .enum(['primary', 'canary'])
    .nullable()
    .describe('The version’s role now; null for a version that served in the window and has since left.'),
  requests: perSecond(z.number().int(), 'Requests answered'),
  errors: perSecond(z.number().int(), 'Answers with a 5xx status (the gateway’s own 502/503/504 included)'),
  p99_ms: perSecond(
    z.number().nullable(),
    '99th percentile latency in ms, arrival to last byte, estimated from a histogram as Prometheus does; null in a second without requests',
  ),
});

export const serviceTrafficSchema = z
  .object({
    window_s: z.number().int(),
    from_second: z.number().int().describe('First second of the series, in epoch seconds (UTC).'),
    to_second: z
      .number()
      .int()
      .describe('Last second of the series (epoch seconds): the last whole second; gateways report at least once a second, so it may still grow by one report.'),
    versions: z
      .array(versionTrafficSchema)
      .describe('The primary, then the canary (when there is one), then versions that served in the window and have left, oldest first.'),
  })
  .meta({ id: 'ServiceTraffic' });
