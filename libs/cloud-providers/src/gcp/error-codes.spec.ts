import { ProviderError } from '../port';
import { GCP_ERROR_KINDS, gcpErrorCode } from './error-codes';
import { GcpOperationError, gcpProviderError, type GcpCallContext } from './errors';

const ctx: GcpCallContext = {
  action: 'instances.insert',
  projectId: 'acme-ml',
  zone: 'us-central1-a',
  machineType: 'a2-highgpu-1g',
  gpu: 'A100',
};

describe('GCP error codes → ProviderErrorKind (the whole table)', () => {
  it.each(Object.entries(GCP_ERROR_KINDS))('%s → %s', (code, expected) => {
    const mapped = gcpProviderError(new GcpOperationError(code, `${code} from GCP`), {
      ...ctx,
      action: 'instances.get',
    });
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped.kind).toBe(expected);
    expect(mapped.retryable).toBe(expected === 'throttled' || expected === 'unavailable');
    expect(mapped.message).toContain(`GCP instances.get failed with ${code}`);
  });

  it.each([
    ['ZONE_RESOURCE_POOL_EXHAUSTED', 'capacity'],
    ['QUOTA_EXCEEDED', 'quota'],
    ['PERMISSION_DENIED', 'permission'],
  ])('the codes the issue names: %s → %s', (code, kind) => {
    expect(GCP_ERROR_KINDS[code]).toBe(kind);
  });

  it('an unknown code is internal and not retried', () => {
    expect(gcpProviderError(new GcpOperationError('SOMETHING_NEW', 'x'), ctx)).toMatchObject({
      kind: 'internal',
      retryable: false,
    });
  });

  it('on insert, a missing network or image is a mistake in the cloud record (invalid_request), not a missing cluster', () => {
    expect(
      gcpProviderError(new GcpOperationError('RESOURCE_NOT_FOUND', 'network not found'), ctx).kind,
    ).toBe('invalid_request');
  });
});

describe('reading the code of a google-gax error', () => {
  it.each<[string, unknown, string]>([
    [
      'a zone operation error',
      new GcpOperationError('ZONE_RESOURCE_POOL_EXHAUSTED', 'x'),
      'ZONE_RESOURCE_POOL_EXHAUSTED',
    ],
    [
      'an ErrorInfo reason',
      { code: 7, reason: 'SERVICE_DISABLED', message: 'Compute Engine API has not been used' },
      'SERVICE_DISABLED',
    ],
    [
      'a 403 about quota',
      { code: 7, message: "Quota 'CPUS' exceeded.  Limit: 24.0 in region us-central1." },
      'QUOTA_EXCEEDED',
    ],
    ['a gRPC status', { code: 7, message: 'Required permission' }, 'PERMISSION_DENIED'],
    ['a 429', { code: 8, message: 'Rate Limit Exceeded' }, 'RESOURCE_EXHAUSTED'],
    [
      'a network error',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'ECONNREFUSED',
    ],
  ])('%s', (_what, error, code) => {
    expect(gcpErrorCode(error)).toBe(code);
  });
});

describe('GCP error messages say what to do', () => {
  it.each<[string, string[]]>([
    [
      'ZONE_RESOURCE_POOL_EXHAUSTED',
      [
        'GCP has no a2-highgpu-1g with A100 capacity in us-central1-a right now',
        'another zone',
        'another machine type',
      ],
    ],
    ['QUOTA_EXCEEDED', ['project acme-ml', 'GPUS_ALL_REGIONS', 'IAM & Admin → Quotas']],
    [
      'PERMISSION_DENIED',
      [
        'may not call instances.insert in project acme-ml',
        'enable the Compute Engine API',
        'libs/cloud-providers/README.md',
      ],
    ],
  ])('%s', (code, fragments) => {
    const message = gcpProviderError(new GcpOperationError(code, 'GCP says no'), ctx).message;
    for (const fragment of fragments) expect(message).toContain(fragment);
  });
});
