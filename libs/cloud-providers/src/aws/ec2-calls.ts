/**
 * Every EC2 call goes through here: throttling (RequestLimitExceeded …) and transient failures
 * are retried with backoff on the injected sleep (the SDK's own retries are off: maxAttempts 1),
 * then the error becomes a typed ProviderError.
 */
import type { ProviderError } from '../port';
import { withRetries, type RetryPolicy, type Timing } from '../vm/retry';
import { isRetryableAwsError } from './error-codes';
import { AwsProviderError, awsProviderError, type AwsCallContext } from './errors';

/** A retryable error that survived every retry says so (the job retries it later). */
export function afterRetries(mapped: ProviderError, attempts: number): ProviderError {
  if (!mapped.retryable || !(mapped instanceof AwsProviderError)) return mapped;
  return new AwsProviderError(
    mapped.kind,
    `${mapped.message} (gave up after ${attempts} attempts)`,
    mapped.code,
  );
}

export interface Ec2Calls {
  /** Retries, then maps the error. */
  call<T>(ctx: AwsCallContext, run: () => Promise<T>): Promise<T>;
  /** Retries, then rethrows the SDK's error as it is (for callers that branch on the code). */
  callRaw<T>(run: () => Promise<T>): Promise<T>;
}

export function ec2Calls(retry: RetryPolicy, sleep: Timing['sleep']): Ec2Calls {
  const callRaw = <T>(run: () => Promise<T>) => withRetries(run, isRetryableAwsError, retry, sleep);
  return {
    callRaw,
    async call(ctx, run) {
      try {
        return await callRaw(run);
      } catch (error) {
        throw afterRetries(awsProviderError(error, ctx), retry.attempts);
      }
    },
  };
}
