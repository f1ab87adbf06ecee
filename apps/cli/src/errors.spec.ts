import type { ApiErrorCode } from './api/types';
import { EXIT, exitCodeFor, kindForApiCode, type CliErrorKind } from './errors';

describe('exit codes', () => {
  it.each<[CliErrorKind, number]>([
    ['rollout_failed', 1],
    ['timeout', 1],
    ['usage', 2],
    ['invalid_config', 2],
    ['rejected_input', 2],
    ['unauthenticated', 3],
    ['forbidden', 3],
    ['not_found', 4],
    ['conflict', 4],
    ['server', 5],
    ['network', 5],
  ])('%s → %i', (kind, code) => {
    expect(exitCodeFor(kind)).toBe(code);
  });

  // Every code of the API's error body (the list the OpenAPI document publishes).
  it.each<[ApiErrorCode, number]>([
    ['validation_failed', EXIT.usage],
    ['malformed_request', EXIT.usage],
    ['payload_too_large', EXIT.usage],
    ['unauthenticated', EXIT.auth],
    ['forbidden', EXIT.auth],
    ['not_found', EXIT.notFoundOrConflict],
    ['conflict', EXIT.notFoundOrConflict],
    ['unprocessable', EXIT.notFoundOrConflict],
    ['rate_limited', EXIT.server],
    ['internal', EXIT.server],
    ['unavailable', EXIT.server],
  ])('API error code %s → exit %i', (code, exit) => {
    expect(exitCodeFor(kindForApiCode(code))).toBe(exit);
  });
});
