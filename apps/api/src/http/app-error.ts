import { httpStatusFor, type ErrorCode, type FieldError } from '@switchyard/contracts';

/**
 * The one error type handlers throw. The error filter turns it into
 * `{ error: { code, message, fields }, requestId }` with the status `httpStatusFor(code)`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return httpStatusFor(this.code);
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }

  static forbidden(message: string): AppError {
    return new AppError('forbidden', message);
  }

  static conflict(message: string): AppError {
    return new AppError('conflict', message);
  }

  static invalid(fields: FieldError[], message = 'the request is invalid'): AppError {
    return new AppError('validation_failed', message, fields);
  }
}
