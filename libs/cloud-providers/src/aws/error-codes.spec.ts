import { ProviderError } from '../port';
import { AWS_ERROR_KINDS, awsErrorCode } from './error-codes';
import { awsProviderError, vcpuQuotaName, type AwsCallContext } from './errors';
import { awsError } from './testing/fake-ec2';

const ctx: AwsCallContext = {
  action: 'RunInstances',
  region: 'us-east-1',
  instanceType: 'g5.xlarge',
  subnetId: 'subnet-0abc',
  market: 'on-demand',
};

describe('AWS error codes → ProviderErrorKind (the whole table)', () => {
  it.each(Object.entries(AWS_ERROR_KINDS))('%s → %s', (code, kind) => {
    const error = /^E[A-Z]+$/.test(code)
      ? Object.assign(new Error(`connect ${code}`), { code })
      : awsError(code, `${code} from AWS`);
    const mapped = awsProviderError(error, ctx);
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.retryable).toBe(kind === 'throttled' || kind === 'unavailable');
    expect(mapped.message).toContain(`AWS RunInstances failed with ${code}`);
  });

  it.each([
    ['InsufficientInstanceCapacity', 'capacity'],
    ['InstanceLimitExceeded', 'quota'],
    ['VcpuLimitExceeded', 'quota'],
    ['UnauthorizedOperation', 'permission'],
    ['InvalidParameter', 'invalid_request'],
    ['InvalidParameterValue', 'invalid_request'],
    ['RequestLimitExceeded', 'throttled'],
  ])('the codes the issue names: %s → %s', (code, kind) => {
    expect(AWS_ERROR_KINDS[code]).toBe(kind);
  });

  it('an unknown code is internal and not retried', () => {
    const mapped = awsProviderError(awsError('SomethingNew'), ctx);
    expect({ kind: mapped.kind, retryable: mapped.retryable }).toEqual({
      kind: 'internal',
      retryable: false,
    });
  });

  it('reads the code from service exceptions, `Code` fields and Node network errors', () => {
    expect(awsErrorCode(awsError('VcpuLimitExceeded'))).toBe('VcpuLimitExceeded');
    expect(awsErrorCode({ Code: 'Throttling', message: 'Rate exceeded' })).toBe('Throttling');
    expect(awsErrorCode(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      'ECONNRESET',
    );
    expect(awsErrorCode(new Error('plain'))).toBe('Unknown');
  });
});

describe('AWS error messages say what to do', () => {
  it.each<[string, Partial<AwsCallContext>, string[]]>([
    [
      'InsufficientInstanceCapacity',
      {},
      [
        'AWS has no g5.xlarge capacity',
        'subnet subnet-0abc',
        'another Availability Zone',
        'another instance type',
      ],
    ],
    ['InsufficientFreeAddressesInSubnet', {}, ['subnet-0abc has no free IP addresses']],
    [
      'VcpuLimitExceeded',
      {},
      [
        '"Running On-Demand G and VT instances" vCPU quota in us-east-1',
        'Service Quotas',
        'max_nodes',
      ],
    ],
    [
      'VcpuLimitExceeded',
      { instanceType: 'p5.48xlarge', market: 'spot' },
      ['"All P Spot Instance Requests"'],
    ],
    [
      'InstanceLimitExceeded',
      { instanceType: 'm6i.xlarge' },
      ['"Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"'],
    ],
    ['UnauthorizedOperation', {}, ['may not call RunInstances', 'libs/cloud-providers/README.md']],
    ['InvalidSubnetID.NotFound', {}, ['cloud setting subnet_id']],
    ['InvalidAMIID.NotFound', {}, ['cloud setting ami_id', 'us-east-1']],
    ['InvalidGroup.NotFound', {}, ['security_group_ids']],
    ['InvalidKeyPair.NotFound', {}, ['key_name']],
    ['Unsupported', {}, ['g5.xlarge is not offered there']],
  ])('%s %j', (code, extra, fragments) => {
    const message = awsProviderError(awsError(code, 'AWS says no'), { ...ctx, ...extra }).message;
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message).toContain('AWS says no');
  });

  it('clips AWS messages (an UnauthorizedOperation carries a long encoded authorization message)', () => {
    const message = awsProviderError(
      awsError(
        'UnauthorizedOperation',
        `You are not authorized. Encoded authorization failure message: ${'x'.repeat(2000)}`,
      ),
      ctx,
    ).message;
    expect(message.length).toBeLessThan(600);
  });

  it.each([
    ['g6.12xlarge', 'on-demand', 'Running On-Demand G and VT instances'],
    ['p4d.24xlarge', 'on-demand', 'Running On-Demand P instances'],
    ['c6i.large', 'spot', 'All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests'],
  ] as const)('vCPU quota of %s (%s): %s', (type, market, name) => {
    expect(vcpuQuotaName(type, market)).toBe(name);
  });
});
