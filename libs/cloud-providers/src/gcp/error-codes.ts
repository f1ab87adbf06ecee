/**
 * Every Compute Engine error code the adapter expects — zone-operation error codes
 * (`ZONE_RESOURCE_POOL_EXHAUSTED` …), ErrorInfo reasons and legacy `errors[].reason` values of
 * HTTP errors, gRPC status names (what google-gax turns HTTP statuses into), and Node network
 * errors — mapped to a ProviderErrorKind. Anything absent is `internal`.
 */
import type { ProviderErrorKind } from '../port';

export const GCP_ERROR_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  // The zone has no capacity for the machine type / accelerator right now.
  ZONE_RESOURCE_POOL_EXHAUSTED: 'capacity',
  ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS: 'capacity',
  RESOURCE_POOL_EXHAUSTED: 'capacity',
  // Project quotas (CPUS, GPUS_ALL_REGIONS, NVIDIA_*_GPUS, IN_USE_ADDRESSES …).
  QUOTA_EXCEEDED: 'quota',
  quotaExceeded: 'quota',
  // The service account may not do this, or the API is not enabled.
  PERMISSION_DENIED: 'permission',
  UNAUTHENTICATED: 'permission',
  IAM_PERMISSION_DENIED: 'permission',
  ACCESS_TOKEN_SCOPE_INSUFFICIENT: 'permission',
  SERVICE_DISABLED: 'permission',
  CREDENTIALS_MISSING: 'permission',
  forbidden: 'permission',
  accessNotConfigured: 'permission',
  insufficientPermissions: 'permission',
  authError: 'permission',
  // The request (or the cloud record behind it) is wrong.
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'invalid_request',
  OUT_OF_RANGE: 'invalid_request',
  UNIMPLEMENTED: 'invalid_request',
  ALREADY_EXISTS: 'invalid_request',
  INVALID_FIELD_VALUE: 'invalid_request',
  UNSUPPORTED_OPERATION: 'invalid_request',
  RESOURCE_ALREADY_EXISTS: 'invalid_request',
  RESOURCE_IN_USE_BY_ANOTHER_RESOURCE: 'invalid_request',
  invalid: 'invalid_request',
  badRequest: 'invalid_request',
  alreadyExists: 'invalid_request',
  // Something named does not exist.
  NOT_FOUND: 'not_found',
  RESOURCE_NOT_FOUND: 'not_found',
  notFound: 'not_found',
  // Slow down: retried with backoff.
  RESOURCE_EXHAUSTED: 'throttled',
  RATE_LIMIT_EXCEEDED: 'throttled',
  rateLimitExceeded: 'throttled',
  userRateLimitExceeded: 'throttled',
  // Google or the network is having a moment (or a fingerprint raced): retried with backoff.
  UNAVAILABLE: 'unavailable',
  DEADLINE_EXCEEDED: 'unavailable',
  INTERNAL: 'unavailable',
  ABORTED: 'unavailable',
  CANCELLED: 'unavailable',
  backendError: 'unavailable',
  internalError: 'unavailable',
  conditionNotMet: 'unavailable',
  ECONNRESET: 'unavailable',
  ECONNREFUSED: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EPIPE: 'unavailable',
  EAI_AGAIN: 'unavailable',
  ENOTFOUND: 'unavailable',
};

/** gRPC status names by number: what a google-gax error carries as `code`. */
const GRPC_STATUS = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

export function gcpErrorKind(code: string): ProviderErrorKind {
  return GCP_ERROR_KINDS[code] ?? 'internal';
}

/**
 * The most specific code of an error: a zone operation's error code, the ErrorInfo reason, a
 * quota message (a 403 that is about quota, not permission), the gRPC status, or a network code.
 */
export function gcpErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UNKNOWN';
  const e = error as {
    operationErrorCode?: unknown;
    reason?: unknown;
    code?: unknown;
    message?: unknown;
  };
  if (typeof e.operationErrorCode === 'string') return e.operationErrorCode;
  if (typeof e.reason === 'string' && e.reason in GCP_ERROR_KINDS) return e.reason;
  if (typeof e.message === 'string' && /\bQuota '[^']+' exceeded/.test(e.message))
    return 'QUOTA_EXCEEDED';
  if (typeof e.code === 'number') return GRPC_STATUS[e.code] ?? 'UNKNOWN';
  if (typeof e.code === 'string') return e.code;
  return 'UNKNOWN';
}

export const isRetryableGcpError = (error: unknown) => {
  const kind = gcpErrorKind(gcpErrorCode(error));
  return kind === 'throttled' || kind === 'unavailable';
};
