/**
 * The typed API client: openapi-fetch over the generated `paths`, with the bearer token, a
 * retrying fetch, and `expectData` turning every non-2xx answer into a CliError whose kind
 * comes from the error body's `error.code` (exit codes follow from the kind).
 */
import createClient, { type Client } from 'openapi-fetch';
import { CliError, kindForApiCode, type CliErrorKind } from '../errors';
import { sleep, type Context } from '../io';
import { CLI_VERSION } from '../version';
import { NetworkFailure, retryingFetch, type RetryingFetch } from './retrying-fetch';
import type { ApiErrorBody, ApiErrorCode, ApiPaths } from './types';

export interface Api {
  client: Client<ApiPaths>;
  baseUrl: string;
  /** How many attempts a response took (a deploy answered on attempt 2+ may be a replay). */
  attemptsFor(response: Response): number;
}

export function createApi(ctx: Context, baseUrl: string, token: string): Api {
  const fetchWithRetries: RetryingFetch = retryingFetch(ctx.retry, sleep, (message) =>
    ctx.err(`switchyard: ${message}\n`),
  );
  const client = createClient<ApiPaths>({
    baseUrl,
    fetch: fetchWithRetries,
    headers: { authorization: `Bearer ${token}`, 'user-agent': `switchyard-cli/${CLI_VERSION}` },
  });
  return { client, baseUrl, attemptsFor: fetchWithRetries.attemptsFor };
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or a CliError: API errors by code, network failures after retries. */
export async function expectData<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  return (await expectResponse(pending)).data;
}

/** Like expectData, with the Response too (to ask how many attempts it took). */
export async function expectResponse<T>(
  pending: Promise<FetchResult<T>>,
): Promise<{ data: T; response: Response }> {
  let result: FetchResult<T>;
  try {
    result = await pending;
  } catch (error) {
    if (error instanceof NetworkFailure) throw new CliError('network', error.message);
    if (error instanceof SyntaxError)
      throw new CliError(
        'server',
        `the API answered with something that is not JSON: ${error.message}`,
      );
    throw error;
  }
  if (!result.response.ok) throw apiError(result.response, result.error);
  return { data: result.data as T, response: result.response };
}

const API_CODES = new Set<string>([
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
] satisfies ApiErrorCode[]);

function isErrorBody(body: unknown): body is ApiErrorBody {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return (
    typeof error?.code === 'string' &&
    API_CODES.has(error.code) &&
    typeof error.message === 'string'
  );
}

/** Without a readable error body (a proxy's HTML page), the status decides. */
function kindForStatus(status: number): CliErrorKind {
  if (status === 400 || status === 413) return 'rejected_input';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 422) return 'conflict';
  return 'server';
}

function apiError(response: Response, body: unknown): CliError {
  if (!isErrorBody(body)) {
    return new CliError(
      kindForStatus(response.status),
      `the API answered HTTP ${response.status} ${response.statusText}`.trim(),
    );
  }
  const { code, message, fields = [] } = body.error;
  const details = fields.map((f) => `${f.path}: ${f.message}`);
  if (body.requestId) details.push(`(request id ${body.requestId})`);
  return new CliError(
    kindForApiCode(code),
    `${message} [${code}, HTTP ${response.status}]`,
    details,
  );
}
