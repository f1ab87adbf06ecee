import { z } from 'zod';

/** Every error code the API can answer with. Adding one forces `httpStatusFor` to handle it. */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'unprocessable',
  'payload_too_large',
  'rate_limited',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one mapping from error code to HTTP status: an exhaustive switch, so a new code cannot be forgotten. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'malformed_request':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unprocessable':
      return 422;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export const fieldErrorSchema = z.object({
  path: z.string().describe('Where the problem is, e.g. `body.workerGroups[0].maxNodes`.'),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** `{ error: { code, message, fields }, requestId }` — the one error shape everywhere. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      fields: z.array(fieldErrorSchema),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Zod issues → field errors named `body.x[0].y`, `query.limit`, `params.project`. */
export function fieldErrorsFromZod(location: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: formatPath(location, issue.path),
    message: issue.message,
  }));
}

function formatPath(location: string, path: PropertyKey[]): string {
  let out = location;
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || '(root)';
}
