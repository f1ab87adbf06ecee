/**
 * Which failed attempts are tried again on another replica. Pure.
 *
 * The gateway knows two moments of an attempt: the connection to the replica was established
 * and the request started to be written (`connected`), and the response headers arrived.
 * After response headers nothing is ever retried (the caller already has part of an answer).
 * Before them:
 * - not connected (refused, unreachable, connect timeout): not a byte reached the replica, so
 *   ANY method is retried, POST included — provided its body is still in hand (buffered);
 * - connected, then the connection died (reset, closed) without a response: the replica may
 *   have received and even acted on the request, so only requests that are safe to repeat are
 *   retried: idempotent methods (RFC 9110 §9.2.2: GET HEAD OPTIONS TRACE PUT DELETE) and
 *   requests carrying an `Idempotency-Key` header (the caller declares them repeatable);
 * - a streamed body (chunked, or larger than GATEWAY_RETRY_BODY_LIMIT_BYTES) is never retried:
 *   it was handed to the first attempt and cannot be replayed;
 * - the gateway's own aborts (caller gone, deadline) and invalid requests are not retried.
 */

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'PUT',
  'DELETE',
]);

/** Errors that mean the request itself is unsendable (it would fail on any replica). */
const NOT_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_ABORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE',
  'ABORT_ERR',
]);

export type RequestBodyKind = 'none' | 'buffered' | 'streamed';

export interface FailedAttempt {
  /** The replica accepted the connection and the request started to be written. */
  connected: boolean;
  /** The error's `code` (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
  code: string | undefined;
}

export interface RetryContext {
  method: string;
  hasIdempotencyKey: boolean;
  body: RequestBodyKind;
  /** Retries already made for this request. */
  retriesSoFar: number;
  maxRetries: number;
}

export type RetryDecision =
  | { retry: true; reason: 'connect_failed' | 'connection_lost' }
  | { retry: false; reason: 'attempts_exhausted' | 'streamed_body' | 'not_repeatable' | 'fatal' };

export function retryDecision(failure: FailedAttempt, ctx: RetryContext): RetryDecision {
  if (failure.code !== undefined && NOT_RETRYABLE_CODES.has(failure.code))
    return { retry: false, reason: 'fatal' };
  if (ctx.body === 'streamed') return { retry: false, reason: 'streamed_body' };
  if (ctx.retriesSoFar >= ctx.maxRetries) return { retry: false, reason: 'attempts_exhausted' };
  if (!failure.connected) return { retry: true, reason: 'connect_failed' };
  if (IDEMPOTENT_METHODS.has(ctx.method) || ctx.hasIdempotencyKey)
    return { retry: true, reason: 'connection_lost' };
  return { retry: false, reason: 'not_repeatable' };
}
