/** Throttling and transient failures: retried with backoff on the injected clock, then typed. */
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ProviderError } from '../port';
import { clusterIdOf } from '../vm/naming';
import { awsClusterSpec, awsTestbed, type AwsTestbed } from './testing/fixtures';

const handle = { providerClusterId: clusterIdOf('ro-1/ver-1') };

describe('aws: retries with backoff', () => {
  let bed: AwsTestbed;
  beforeEach(async () => {
    bed = awsTestbed();
    await bed.provider.provisionCluster(awsClusterSpec());
    bed.ec2.mock.resetHistory();
    bed.sleeps.length = 0;
  });
  afterEach(() => bed.ec2.restore());

  it('RequestLimitExceeded is retried after 0.5 s, 1 s, … and the call succeeds', async () => {
    bed.ec2.failNext('DescribeInstances', 'RequestLimitExceeded', {
      times: 2,
      message: 'Request limit exceeded.',
    });
    const status = await bed.provider.describeCluster(handle);
    expect(status.nodes).toHaveLength(4);
    expect(bed.ec2.mock.commandCalls(DescribeInstancesCommand)).toHaveLength(3);
    expect(bed.sleeps).toEqual([500, 1_000]);
  });

  it('still throttled after every attempt: a retryable `throttled` error that says so', async () => {
    bed.ec2.failNext('DescribeInstances', 'RequestLimitExceeded', { times: 10 });
    const err = await bed.provider.describeCluster(handle).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect({
      kind: (err as ProviderError).kind,
      retryable: (err as ProviderError).retryable,
    }).toEqual({ kind: 'throttled', retryable: true });
    expect((err as ProviderError).message).toContain('gave up after 5 attempts');
    expect(bed.sleeps).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('a network error is retried like a 5xx', async () => {
    bed.ec2.failNext('DescribeInstances', 'ECONNRESET');
    await bed.provider.describeCluster(handle);
    expect(bed.sleeps).toEqual([500]);
  });

  it('errors that retrying cannot fix are not retried', async () => {
    bed.ec2.failNext('DescribeInstances', 'UnauthorizedOperation', {
      message: 'You are not authorized to perform this operation.',
    });
    const err = (await bed.provider
      .describeCluster(handle)
      .catch((e: unknown) => e)) as ProviderError;
    expect({ kind: err.kind, retryable: err.retryable }).toEqual({
      kind: 'permission',
      retryable: false,
    });
    expect(bed.ec2.mock.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
    expect(bed.sleeps).toEqual([]);
  });
});
