import { createHash } from 'node:crypto';
import { checkBearer } from './auth';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

describe('checkBearer', () => {
  const one = { enabled: true, tokenHashes: [sha('old')] };
  const rotating = { enabled: true, tokenHashes: [sha('old'), sha('new')] };
  it.each([
    ['no header', one, undefined, 'missing'],
    ['empty header', one, '', 'missing'],
    ['other scheme', one, 'Basic b2xk', 'missing'],
    ['scheme only', one, 'Bearer ', 'missing'],
    ['wrong token', one, 'Bearer nope', 'invalid'],
    ['right token', one, 'Bearer old', 'ok'],
    ['scheme in any case', one, 'bEaReR old', 'ok'],
    ['trailing spaces', one, 'Bearer old  ', 'ok'],
    ['token with a suffix', one, 'Bearer old2', 'invalid'],
    ['old token during a rotation', rotating, 'Bearer old', 'ok'],
    ['new token during a rotation', rotating, 'Bearer new', 'ok'],
    ['new token before the rotation', one, 'Bearer new', 'invalid'],
    [
      'enabled without hashes (fails closed)',
      { enabled: true, tokenHashes: [] },
      'Bearer old',
      'invalid',
    ],
    ['disabled', { enabled: false, tokenHashes: [] }, undefined, 'ok'],
  ] as const)('%s', (_name, auth, header, expected) => {
    expect(checkBearer({ enabled: auth.enabled, tokenHashes: [...auth.tokenHashes] }, header)).toBe(
      expected,
    );
  });
});
