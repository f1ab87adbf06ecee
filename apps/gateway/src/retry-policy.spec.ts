import { retryDecision, type RequestBodyKind } from './retry-policy';

type Row = [
  name: string,
  connected: boolean,
  code: string | undefined,
  method: string,
  body: RequestBodyKind,
  idempotencyKey: boolean,
  retriesSoFar: number,
  expected: string,
];

const rows: Row[] = [
  ['GET refused', false, 'ECONNREFUSED', 'GET', 'none', false, 0, 'retry:connect_failed'],
  [
    'POST refused (nothing sent, body buffered)',
    false,
    'ECONNREFUSED',
    'POST',
    'buffered',
    false,
    0,
    'retry:connect_failed',
  ],
  [
    'POST connect timeout',
    false,
    'UND_ERR_CONNECT_TIMEOUT',
    'POST',
    'buffered',
    false,
    0,
    'retry:connect_failed',
  ],
  ['GET reset after sending', true, 'ECONNRESET', 'GET', 'none', false, 0, 'retry:connection_lost'],
  [
    'PUT closed after sending',
    true,
    'UND_ERR_SOCKET',
    'PUT',
    'buffered',
    false,
    0,
    'retry:connection_lost',
  ],
  ['DELETE reset', true, 'ECONNRESET', 'DELETE', 'none', false, 0, 'retry:connection_lost'],
  [
    'POST reset after sending',
    true,
    'ECONNRESET',
    'POST',
    'buffered',
    false,
    0,
    'no:not_repeatable',
  ],
  [
    'PATCH reset after sending',
    true,
    'UND_ERR_SOCKET',
    'PATCH',
    'buffered',
    false,
    0,
    'no:not_repeatable',
  ],
  [
    'POST with Idempotency-Key reset',
    true,
    'ECONNRESET',
    'POST',
    'buffered',
    true,
    0,
    'retry:connection_lost',
  ],
  [
    'streamed body refused',
    false,
    'ECONNREFUSED',
    'POST',
    'streamed',
    false,
    0,
    'no:streamed_body',
  ],
  ['streamed PUT reset', true, 'ECONNRESET', 'PUT', 'streamed', false, 0, 'no:streamed_body'],
  ['attempts used up', false, 'ECONNREFUSED', 'GET', 'none', false, 2, 'no:attempts_exhausted'],
  ['invalid request', false, 'UND_ERR_INVALID_ARG', 'GET', 'none', false, 0, 'no:fatal'],
  ['our own abort', true, 'UND_ERR_ABORTED', 'GET', 'none', false, 0, 'no:fatal'],
];

describe('retryDecision', () => {
  it.each(rows)(
    '%s',
    (_name, connected, code, method, body, hasIdempotencyKey, retriesSoFar, expected) => {
      const decision = retryDecision(
        { connected, code },
        { method, body, hasIdempotencyKey, retriesSoFar, maxRetries: 2 },
      );
      expect(`${decision.retry ? 'retry' : 'no'}:${decision.reason}`).toBe(expected);
    },
  );
});
