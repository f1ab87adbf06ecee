/**
 * The fetch that openapi-fetch calls: one request, retried within the policy's bounds on
 * network errors, 429 and 5xx (see backoff.ts for which requests may be repeated). A deploy
 * carries the same Idempotency-Key on every attempt, so a retry of a request the server did
 * process gets the stored answer instead of starting a second rollout.
 */
import type { RetryPolicy } from '../io';
import {
  isConnectFailure,
  networkErrorCode,
  parseRetryAfter,
  retryDelayMs,
  shouldRetry,
} from './backoff';

/** No answer after every attempt. */
export class NetworkFailure extends Error {
  constructor(
    readonly url: string,
    readonly code: string,
    readonly attempts: number,
  ) {
    super(`no answer from ${url} (${code}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
  }
}

export interface RetryingFetch {
  (request: Request): Promise<Response>;
  /** How many attempts produced this response (more than 1: earlier ones failed). */
  attemptsFor(response: Response): number;
}

export function retryingFetch(
  policy: RetryPolicy,
  wait: (ms: number) => Promise<void>,
  onRetry: (message: string) => void,
): RetryingFetch {
  const attempts = new WeakMap<Response, number>();
  const send = async (request: Request): Promise<Response> => {
    const idempotent = request.method === 'GET' || request.headers.has('idempotency-key');
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        // A fresh copy each time: a body stream can be read only once.
        response = await fetch(request.clone(), {
          signal: AbortSignal.timeout(policy.requestTimeoutMs),
        });
      } catch (error) {
        const code = networkErrorCode(error) ?? 'network error';
        if (
          attempt >= policy.attempts ||
          !shouldRetry({ kind: 'network', connectFailed: isConnectFailure(code) }, idempotent)
        ) {
          throw new NetworkFailure(request.url, code, attempt);
        }
        const delay = retryDelayMs(attempt, policy);
        onRetry(
          `${request.method} ${new URL(request.url).pathname}: ${code}; retry ${attempt}/${policy.attempts - 1} in ${(delay / 1000).toFixed(1)} s`,
        );
        await wait(delay);
        continue;
      }
      if (
        attempt < policy.attempts &&
        shouldRetry({ kind: 'response', status: response.status }, idempotent)
      ) {
        const delay = retryDelayMs(
          attempt,
          policy,
          parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        );
        await response.body?.cancel();
        onRetry(
          `${request.method} ${new URL(request.url).pathname}: HTTP ${response.status}; retry ${attempt}/${policy.attempts - 1} in ${(delay / 1000).toFixed(1)} s`,
        );
        await wait(delay);
        continue;
      }
      attempts.set(response, attempt);
      return response;
    }
  };
  return Object.assign(send, { attemptsFor: (response: Response) => attempts.get(response) ?? 1 });
}
