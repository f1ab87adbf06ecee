/**
 * Injectable, deterministic faults of the sim provider.
 *
 * Grammar (the value of `SWITCHYARD_SIM_FAULT` in `ClusterSpec.env`, or a string given to
 * `injectFault`): comma-separated faults, whitespace around them ignored.
 *
 *   provision_fail:<reason>        the cluster goes FAILED (failureReason = reason) when it would
 *                                  have become RUNNING; reason may contain ':' but not ','
 *   slow_start_ms:<n>              every replica becomes ready n ms later than usual
 *   unhealthy_after_ms:<n>[@<app>] from createdAt + n on, the application (all when no @app)
 *                                  reports healthy:false and its replicas are not ready
 *   capacity_error                 provisionCluster throws ProviderError('capacity')
 *   throttle_once                  the first call of each method for this cluster throws
 *                                  ProviderError('throttled') (retryable); later calls succeed
 *   unavailable                    every call for this cluster throws
 *                                  ProviderError('unavailable') (retryable) until the fault is
 *                                  cleared: a cloud API down for longer than any retry
 */
import { ProviderError } from '../port';

export const SIM_FAULT_ENV = 'SWITCHYARD_SIM_FAULT';

export type SimFault =
  | { kind: 'provision_fail'; reason: string }
  | { kind: 'slow_start_ms'; ms: number }
  | { kind: 'unhealthy_after_ms'; ms: number; application: string | null }
  | { kind: 'capacity_error' }
  | { kind: 'throttle_once' }
  | { kind: 'unavailable' };

function parseMs(kind: string, raw: string | undefined): number {
  const ms = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new ProviderError('invalid_request', `sim fault "${kind}" needs a non-negative integer number of ms, got "${raw ?? ''}"`);
  }
  return ms;
}

function parseOne(text: string): SimFault {
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)).trim();
  const arg = colon < 0 ? undefined : text.slice(colon + 1);
  switch (kind) {
    case 'provision_fail': {
      const reason = arg?.trim() ?? '';
      return { kind, reason: reason === '' ? 'sim: provisioning failed' : reason };
    }
    case 'slow_start_ms':
      return { kind, ms: parseMs(kind, arg) };
    case 'unhealthy_after_ms': {
      const at = arg?.indexOf('@') ?? -1;
      const ms = parseMs(kind, at < 0 ? arg : arg?.slice(0, at));
      const application = at < 0 ? null : (arg?.slice(at + 1).trim() ?? '');
      if (application === '') throw new ProviderError('invalid_request', 'sim fault "unhealthy_after_ms:<n>@<app>" needs an application name');
      return { kind, ms, application };
    }
    case 'capacity_error':
    case 'throttle_once':
    case 'unavailable':
      if (arg !== undefined) throw new ProviderError('invalid_request', `sim fault "${kind}" takes no argument`);
      return { kind };
    default:
      throw new ProviderError(
        'invalid_request',
        `unknown sim fault "${kind}" (expected provision_fail, slow_start_ms, unhealthy_after_ms, capacity_error, throttle_once or unavailable)`,
      );
  }
}

/** Parses the grammar above; throws ProviderError('invalid_request') on anything else. */
export function parseSimFaults(text: string): SimFault[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseOne);
}

/** The inverse of `parseSimFaults` (for putting a fault into `ClusterSpec.env`). */
export function formatSimFaults(faults: readonly SimFault[]): string {
  return faults
    .map((f) => {
      switch (f.kind) {
        case 'provision_fail':
          return `provision_fail:${f.reason}`;
        case 'slow_start_ms':
          return `slow_start_ms:${f.ms}`;
        case 'unhealthy_after_ms':
          return `unhealthy_after_ms:${f.ms}${f.application === null ? '' : `@${f.application}`}`;
        default:
          return f.kind;
      }
    })
    .join(',');
}
