/**
 * When to retry a request and how long to wait first: pure functions, so the policy is tested
 * without a network. Bounded by RetryPolicy.attempts; the waits grow exponentially with jitter
 * (so many CI jobs hitting a recovering API do not retry in lockstep).
 */
import type { RetryPolicy } from '../io';

/** What one attempt produced, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'response'; status: number }
  /** `connectFailed`: the request never reached a server (refused, DNS), so it cannot have been processed. */
  | { kind: 'network'; connectFailed: boolean };

/**
 * `idempotent`: repeating the request cannot do the work twice (GETs, and deploys carrying an
 * Idempotency-Key). Other requests are retried only when the server surely did not act on them:
 * the connection was refused, or the answer was 429 / 503 (refused before any work).
 */
export function shouldRetry(outcome: AttemptOutcome, idempotent: boolean): boolean {
  if (outcome.kind === 'network') return idempotent || outcome.connectFailed;
  if (outcome.status === 429 || outcome.status === 503) return true;
  return idempotent && (outcome.status === 500 || outcome.status === 502 || outcome.status === 504);
}

/**
 * The wait before retry number `retry` (1 = the first retry): base·2^(retry-1), capped, with
 * "equal jitter" (between half and all of it). A server's Retry-After is honoured as a floor,
 * still capped at maxDelayMs so the whole run stays bounded.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined = undefined,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = exponential / 2 + (exponential / 2) * random();
  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/** `Retry-After: 3` or an HTTP date → milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The system error code under fetch's "fetch failed" (undici nests it, sometimes in an
 * AggregateError), else the innermost message (e.g. "bad port").
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let message: string | undefined;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, errors, cause, name } = current as {
      code?: unknown;
      errors?: unknown[];
      cause?: unknown;
      name?: unknown;
    };
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError') return 'ETIMEDOUT';
    if (current instanceof Error && current.message) message = current.message;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return message;
}

export function isConnectFailure(code: string | undefined): boolean {
  return code !== undefined && CONNECT_FAILURES.has(code);
}
