/**
 * Backoff and bounded waiting, on an injected clock and sleep so tests run them instantly. The
 * SDKs' own retries are switched off in the adapters: one policy, one clock, testable.
 */
import { ProviderError } from '../port';

export interface Timing {
  /** Epoch ms. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realTiming: Timing = {
  clock: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Exponential: base, 2·base, 4·base … capped. No jitter: each worker's calls are already spread out in time. */
export const backoffDelay = (policy: RetryPolicy, attempt: number) =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);

/**
 * Runs `fn` again after a backoff while it fails with an error `isRetryable` accepts; the last
 * error is rethrown as it is.
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  sleep: Timing['sleep'],
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !isRetryable(error)) throw error;
      await sleep(backoffDelay(policy, attempt));
    }
  }
}

/** A bounded wait ran out (retryable: the awaited thing may still happen). */
export class WaitTimeoutError extends ProviderError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
  maxIntervalMs: number;
}

/**
 * Polls `check` until it returns a value, sleeping between polls (the interval grows 1.5× up to
 * the cap); past the deadline, a retryable `unavailable` error that says what was awaited.
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: PollOptions,
  timing: Timing,
): Promise<T> {
  const deadline = timing.clock() + options.timeoutMs;
  let interval = options.intervalMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (timing.clock() + interval > deadline) {
      throw new WaitTimeoutError(
        `${what}: still not done after ${Math.round(options.timeoutMs / 1000)} s`,
      );
    }
    await timing.sleep(interval);
    interval = Math.min(options.maxIntervalMs, Math.ceil(interval * 1.5));
  }
}
