/**
 * How the gateway treats this service's requests. Both are optional with no default filled in:
 * absent means "the gateway's own setting" (`GATEWAY_REQUEST_TIMEOUT_S`; no sticky cookie), and
 * leaving them out keeps the canonical config — and so the config hash — of versions deployed
 * before these fields existed unchanged.
 */
import { z } from 'zod';
import { CONFIG_LIMITS } from './defaults';

export const gatewaySettingsFields = {
  /** Deadline for the response to start (headers), queueing and retries included; then 504. */
  request_timeout_s: z
    .number()
    .positive('must be above 0')
    .max(CONFIG_LIMITS.requestTimeoutS, `must be at most ${CONFIG_LIMITS.requestTimeoutS}`)
    .optional(),
  /** During a split, a cookie keeps each caller on the version it was first sent to. */
  sticky_versions: z.boolean().optional(),
};
