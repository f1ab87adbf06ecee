import { randomBytes } from 'node:crypto';

/** Why the gateway answered instead of a replica. Each kind maps to one HTTP answer below. */
export type GatewayErrorKind =
  | 'unknown_service'
  | 'unknown_version'
  | 'no_application'
  | 'missing_token'
  | 'invalid_token'
  | 'no_versions'
  | 'queue_full'
  | 'queue_timeout'
  | 'upstream_timeout'
  | 'upstream_failed';

/** The body's `error.code`: the API's codes where one fits, two more for upstream failures. */
export type GatewayErrorCode =
  'not_found' | 'unauthenticated' | 'unavailable' | 'bad_gateway' | 'gateway_timeout';

export interface FieldError {
  path: string;
  message: string;
}

/** A request the gateway answers itself; thrown or returned along the request path. */
export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export interface ErrorAnswer {
  status: number;
  code: GatewayErrorCode;
  headers: Record<string, string>;
}

/** Knobs the answers depend on. */
export interface ErrorAnswerOptions {
  retryAfterS: number;
  /** WWW-Authenticate realm: the service's slug, so a client can tell which token is wanted. */
  realm?: string;
}

/**
 * The one mapping from a gateway error to its HTTP answer: an exhaustive switch, so a new kind
 * cannot be added without deciding its status.
 */
export function answerFor(kind: GatewayErrorKind, options: ErrorAnswerOptions): ErrorAnswer {
  const realm = `Bearer realm="${options.realm ?? 'switchyard'}"`;
  const retryAfter = { 'retry-after': String(options.retryAfterS) };
  switch (kind) {
    case 'unknown_service':
    case 'unknown_version':
    case 'no_application':
      return { status: 404, code: 'not_found', headers: {} };
    case 'missing_token':
      return { status: 401, code: 'unauthenticated', headers: { 'www-authenticate': realm } };
    case 'invalid_token':
      return {
        status: 401,
        code: 'unauthenticated',
        headers: { 'www-authenticate': `${realm}, error="invalid_token"` },
      };
    case 'no_versions':
    case 'queue_full':
    case 'queue_timeout':
      return { status: 503, code: 'unavailable', headers: retryAfter };
    case 'upstream_timeout':
      return { status: 504, code: 'gateway_timeout', headers: {} };
    case 'upstream_failed':
      return { status: 502, code: 'bad_gateway', headers: {} };
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** The API's error shape: `{ error: { code, message, fields }, requestId }`. */
export function errorBody(code: GatewayErrorCode, error: GatewayError, requestId: string): string {
  return JSON.stringify({
    error: { code, message: error.message, fields: error.fields },
    requestId,
  });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;
/** 64 random bits per process, then a counter: unique across gateways, no entropy per request. */
const ID_PREFIX = `req_${randomBytes(8).toString('hex')}`;
let idCounter = 0;

/**
 * A caller's `X-Request-Id` is kept when it looks like one (same rule as the API); otherwise
 * `req_` + 32 hex digits, like the API's.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value && REQUEST_ID.test(value)) return value;
  return ID_PREFIX + (idCounter++).toString(16).padStart(16, '0');
}
