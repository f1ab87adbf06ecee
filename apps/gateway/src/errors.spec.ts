import { answerFor, errorBody, GatewayError, requestIdFrom, type GatewayErrorKind } from './errors';

describe('gateway errors → HTTP', () => {
  it.each([
    ['unknown_service', 404, 'not_found', {}],
    ['unknown_version', 404, 'not_found', {}],
    ['no_application', 404, 'not_found', {}],
    ['missing_token', 401, 'unauthenticated', { 'www-authenticate': 'Bearer realm="s--p"' }],
    [
      'invalid_token',
      401,
      'unauthenticated',
      { 'www-authenticate': 'Bearer realm="s--p", error="invalid_token"' },
    ],
    ['no_versions', 503, 'unavailable', { 'retry-after': '3' }],
    ['queue_full', 503, 'unavailable', { 'retry-after': '3' }],
    ['queue_timeout', 503, 'unavailable', { 'retry-after': '3' }],
    ['upstream_timeout', 504, 'gateway_timeout', {}],
    ['upstream_failed', 502, 'bad_gateway', {}],
  ] as [GatewayErrorKind, number, string, Record<string, string>][])(
    '%s → %i %s',
    (kind, status, code, headers) => {
      expect(answerFor(kind, { retryAfterS: 3, realm: 's--p' })).toEqual({ status, code, headers });
    },
  );

  it('writes the API error shape', () => {
    const error = new GatewayError('unknown_version', 'no version', [
      { path: 'headers.x', message: 'm' },
    ]);
    expect(JSON.parse(errorBody('not_found', error, 'req_1'))).toEqual({
      error: {
        code: 'not_found',
        message: 'no version',
        fields: [{ path: 'headers.x', message: 'm' }],
      },
      requestId: 'req_1',
    });
  });

  it('keeps a plausible caller request id and makes one otherwise', () => {
    expect(requestIdFrom('abcdefgh-123')).toBe('abcdefgh-123');
    expect(requestIdFrom('short')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(requestIdFrom('bad id with spaces')).toMatch(/^req_/);
    expect(requestIdFrom(undefined)).toMatch(/^req_/);
  });
});
