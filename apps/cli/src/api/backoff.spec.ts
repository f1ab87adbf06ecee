import {
  isConnectFailure,
  networkErrorCode,
  parseRetryAfter,
  retryDelayMs,
  shouldRetry,
} from './backoff';

const policy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000, requestTimeoutMs: 30_000 };

describe('retry backoff', () => {
  it('grows exponentially with jitter between half and all of the step, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, undefined, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, policy, undefined, () => 0))).toEqual([
      250, 500, 1000,
    ]);
  });

  it('honours Retry-After as a floor, still within maxDelayMs', () => {
    expect(retryDelayMs(1, policy, 3_000, () => 0)).toBe(3_000);
    expect(retryDelayMs(1, policy, 120_000, () => 0)).toBe(8_000);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('retries idempotent requests on any network error, 429 and 5xx', () => {
    expect(shouldRetry({ kind: 'network', connectFailed: false }, true)).toBe(true);
    for (const status of [429, 500, 502, 503, 504])
      expect(shouldRetry({ kind: 'response', status }, true)).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 422, 501])
      expect(shouldRetry({ kind: 'response', status }, true)).toBe(false);
  });

  it('retries other mutations only when the server surely did not act: refused connection, 429, 503', () => {
    expect(shouldRetry({ kind: 'network', connectFailed: true }, false)).toBe(true);
    expect(shouldRetry({ kind: 'network', connectFailed: false }, false)).toBe(false);
    expect(shouldRetry({ kind: 'response', status: 429 }, false)).toBe(true);
    expect(shouldRetry({ kind: 'response', status: 503 }, false)).toBe(true);
    expect(shouldRetry({ kind: 'response', status: 500 }, false)).toBe(false);
  });

  it('finds the system error code under fetch’s wrapping', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(networkErrorCode(refused)).toBe('ECONNREFUSED');
    const aggregate = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    });
    expect(networkErrorCode(aggregate)).toBe('ECONNREFUSED');
    expect(networkErrorCode(new TypeError('fetch failed', { cause: new Error('bad port') }))).toBe(
      'bad port',
    );
    expect(isConnectFailure('ECONNREFUSED')).toBe(true);
    expect(isConnectFailure('ECONNRESET')).toBe(false);
  });
});
