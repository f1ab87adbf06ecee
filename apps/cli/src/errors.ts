/**
 * Every way a command can fail, as one typed error, and the one exhaustive mapping to the exit
 * codes CI pipelines rely on (documented in the README's CLI section):
 *
 *   0 success · 1 rollout failed, rolled back or timed out · 2 bad usage or invalid config ·
 *   3 authentication/permission · 4 not found or conflict · 5 server/network error after retries
 */
import type { ApiErrorCode } from './api/types';

export const EXIT = {
  ok: 0,
  rollout: 1,
  usage: 2,
  auth: 3,
  notFoundOrConflict: 4,
  server: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type CliErrorKind =
  | 'usage' // bad flags or arguments
  | 'invalid_config' // the service config file (or an override) does not validate
  | 'rejected_input' // the API refused the request body (400/413)
  | 'rollout_failed' // the rollout ended ROLLED_BACK, FAILED or CANCELLED
  | 'timeout' // --wait / service wait passed its deadline
  | 'unauthenticated' // no token, or the API does not accept it
  | 'forbidden' // the token's role or scopes do not allow this
  | 'not_found'
  | 'conflict' // e.g. a deploy while a rollout is active; 422s too
  | 'server' // 5xx or 429 after retries, or an answer the CLI cannot read
  | 'network'; // no answer at all after retries

export class CliError extends Error {
  constructor(
    readonly kind: CliErrorKind,
    message: string,
    /** Extra lines printed under the message: field errors, the rollout's last events, usage. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function exitCodeFor(kind: CliErrorKind): ExitCode {
  switch (kind) {
    case 'rollout_failed':
    case 'timeout':
      return EXIT.rollout;
    case 'usage':
    case 'invalid_config':
    case 'rejected_input':
      return EXIT.usage;
    case 'unauthenticated':
    case 'forbidden':
      return EXIT.auth;
    case 'not_found':
    case 'conflict':
      return EXIT.notFoundOrConflict;
    case 'server':
    case 'network':
      return EXIT.server;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** The API's `error.code` → our error kind. A new code in the OpenAPI document fails to compile here. */
export function kindForApiCode(code: ApiErrorCode): CliErrorKind {
  switch (code) {
    case 'validation_failed':
    case 'malformed_request':
    case 'payload_too_large':
      return 'rejected_input';
    case 'unauthenticated':
      return 'unauthenticated';
    case 'forbidden':
      return 'forbidden';
    case 'not_found':
      return 'not_found';
    case 'conflict':
    case 'unprocessable':
      return 'conflict';
    case 'rate_limited':
    case 'internal':
    case 'unavailable':
      return 'server';
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Anything thrown that is not a CliError is a bug or an I/O surprise: report it as a server-side failure. */
export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  return new CliError(
    'server',
    `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  );
}
