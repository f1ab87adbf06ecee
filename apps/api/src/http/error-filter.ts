import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { httpStatusFor, type ErrorBody, type ErrorCode } from '@switchyard/contracts';
import type { Logger } from '@switchyard/platform';
import { AppError } from './app-error';
import { contextOf } from './request-context';

/** Errors thrown by Express's body parser carry a `type` (see body-parser's README). */
interface BodyParserError {
  type: string;
  status?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as BodyParserError).type === 'string' && 'status' in error;
}

/** Anything thrown → an AppError; unknown errors become a 500 that reveals nothing but the request id. */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  if (isBodyParserError(error)) {
    switch (error.type) {
      case 'entity.too.large':
        return { appError: new AppError('payload_too_large', 'request body is too large'), unexpected: false };
      case 'entity.parse.failed':
        return { appError: new AppError('malformed_request', 'request body is not valid JSON'), unexpected: false };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { appError: new AppError('malformed_request', 'unsupported body encoding'), unexpected: false };
      default:
        return { appError: new AppError('malformed_request', 'the request body could not be read'), unexpected: false };
    }
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code: ErrorCode = status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : status < 500 ? 'malformed_request' : 'internal';
    const message = status === 404 ? 'no such route' : status < 500 ? error.message : 'internal error';
    return { appError: new AppError(code, message), unexpected: status >= 500 };
  }
  return { appError: new AppError('internal', 'internal error'), unexpected: true };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = contextOf(req)?.requestId ?? 'unknown';
    const { appError, unexpected } = toAppError(error);
    if (unexpected) this.logger.error({ err: error, requestId }, 'unexpected error');
    const body: ErrorBody = {
      error: { code: appError.code, message: appError.message, fields: appError.fields },
      requestId,
    };
    res.status(httpStatusFor(appError.code)).set(appError.headers).json(body);
  }
}
