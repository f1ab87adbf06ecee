/**
 * Every AWS error code the adapter expects (EC2 API error codes, STS codes, and the SDK's
 * network error names), mapped to a ProviderErrorKind. Anything absent is `internal` (not
 * retried, reported with its code), so a new code shows up as a bug to add here, not as a silent
 * retry loop.
 */
import type { ProviderErrorKind } from '../port';

export const AWS_ERROR_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  // No capacity for the instance type in the Availability Zone right now.
  InsufficientInstanceCapacity: 'capacity',
  InsufficientCapacity: 'capacity',
  InsufficientHostCapacity: 'capacity',
  InsufficientReservedInstanceCapacity: 'capacity',
  InsufficientFreeAddressesInSubnet: 'capacity',
  SpotMaxPriceTooLow: 'capacity',
  // Account limits: vCPU quotas per instance family, spot requests, volumes.
  InstanceLimitExceeded: 'quota',
  VcpuLimitExceeded: 'quota',
  MaxSpotInstanceCountExceeded: 'quota',
  ResourceLimitExceeded: 'quota',
  VolumeLimitExceeded: 'quota',
  // The credentials may not do this (or are not valid at all).
  UnauthorizedOperation: 'permission',
  AuthFailure: 'permission',
  AccessDenied: 'permission',
  AccessDeniedException: 'permission',
  Blocked: 'permission',
  OptInRequired: 'permission',
  PendingVerification: 'permission',
  InvalidClientTokenId: 'permission',
  SignatureDoesNotMatch: 'permission',
  IncompleteSignature: 'permission',
  MissingAuthenticationToken: 'permission',
  UnrecognizedClientException: 'permission',
  ExpiredToken: 'permission',
  ExpiredTokenException: 'permission',
  RequestExpired: 'permission',
  RegionDisabledException: 'permission',
  // The request (or the cloud record behind it) is wrong: retrying changes nothing.
  InvalidParameter: 'invalid_request',
  InvalidParameterValue: 'invalid_request',
  InvalidParameterCombination: 'invalid_request',
  MissingParameter: 'invalid_request',
  UnknownParameter: 'invalid_request',
  ValidationError: 'invalid_request',
  'InvalidAMIID.Malformed': 'invalid_request',
  'InvalidAMIID.NotFound': 'invalid_request',
  'InvalidAMIID.Unavailable': 'invalid_request',
  'InvalidSubnetID.NotFound': 'invalid_request',
  'InvalidSubnetID.Malformed': 'invalid_request',
  'InvalidGroup.NotFound': 'invalid_request',
  'InvalidGroupId.Malformed': 'invalid_request',
  'InvalidSecurityGroupID.NotFound': 'invalid_request',
  'InvalidKeyPair.NotFound': 'invalid_request',
  'InvalidUserData.Malformed': 'invalid_request',
  InvalidBlockDeviceMapping: 'invalid_request',
  IdempotentParameterMismatch: 'invalid_request',
  Unsupported: 'invalid_request',
  UnsupportedOperation: 'invalid_request',
  MalformedPolicyDocument: 'invalid_request',
  // An instance id the API does not know.
  'InvalidInstanceID.NotFound': 'not_found',
  'InvalidInstanceID.Malformed': 'not_found',
  // Slow down: retried with backoff.
  RequestLimitExceeded: 'throttled',
  Throttling: 'throttled',
  ThrottlingException: 'throttled',
  TooManyRequestsException: 'throttled',
  RequestThrottled: 'throttled',
  EC2ThrottledException: 'throttled',
  PriorRequestNotComplete: 'throttled',
  // AWS or the network is having a moment: retried with backoff.
  InternalError: 'unavailable',
  InternalFailure: 'unavailable',
  ServiceUnavailable: 'unavailable',
  Unavailable: 'unavailable',
  ServiceUnavailableException: 'unavailable',
  RequestTimeout: 'unavailable',
  RequestTimeoutException: 'unavailable',
  TimeoutError: 'unavailable',
  NetworkingError: 'unavailable',
  ECONNRESET: 'unavailable',
  ECONNREFUSED: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EPIPE: 'unavailable',
  EAI_AGAIN: 'unavailable',
  ENOTFOUND: 'unavailable',
};

/** Codes after which a worker launch is retried on demand instead of on spot. */
export const SPOT_FALLBACK_CODES: ReadonlySet<string> = new Set([
  'InsufficientInstanceCapacity',
  'InsufficientCapacity',
  'SpotMaxPriceTooLow',
  'MaxSpotInstanceCountExceeded',
]);

export function awsErrorKind(code: string): ProviderErrorKind {
  return AWS_ERROR_KINDS[code] ?? 'internal';
}

/** The code of an SDK error: `name` for service exceptions, `code` for Node network errors. */
export function awsErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Unknown';
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  if (typeof e.Code === 'string') return e.Code;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  return 'Unknown';
}

export const isRetryableAwsError = (error: unknown) => {
  const kind = awsErrorKind(awsErrorCode(error));
  return kind === 'throttled' || kind === 'unavailable';
};
