import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } });
  return { logger: createLogger('test', 'info', sink), lines };
}

describe('logger redaction', () => {
  it.each([
    ['authorization header', { req: { headers: { authorization: 'Bearer sy_secret-value-1' } } }, 'sy_secret-value-1'],
    ['cookie', { req: { headers: { cookie: 'session=secret-value-2' } } }, 'secret-value-2'],
    ['token field', { token: 'secret-value-3' }, 'secret-value-3'],
    ['nested secret', { result: { secret: 'secret-value-4' } }, 'secret-value-4'],
    ['credentials in a body', { body: { credentials: { secret_access_key: 'secret-value-5' } } }, 'secret-value-5'],
    ['nested AWS key', { cloud: { secretAccessKey: 'secret-value-6' } }, 'secret-value-6'],
  ])('blanks %s', (_name, fields, secret) => {
    const { logger, lines } = capture();
    logger.info(fields, 'event');
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('[redacted]');
  });

  it('keeps ordinary fields and names the app', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'req_1', status: 200 }, 'request');
    expect(JSON.parse(lines[0]!)).toEqual(expect.objectContaining({ app: 'test', requestId: 'req_1', status: 200, msg: 'request' }));
  });
});
