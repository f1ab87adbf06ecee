import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks in every log line. Secrets reach logs through request headers and bodies,
 * so both are covered; the list is tested (libs/platform/src/logger.spec.ts).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-switchyard-admin-token"]',
  'headers.authorization',
  'authorization',
  'token',
  'secret',
  'password',
  'credentials',
  '*.token',
  '*.secret',
  '*.password',
  '*.credentials',
  '*.secretAccessKey',
  '*.serviceAccountJson',
  'body.credentials',
  'body.password',
];

/** Structured JSON logs, one line per event, with the app's name on every line. */
export function createLogger(
  app: string,
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      name: app,
      level,
      base: { app },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
