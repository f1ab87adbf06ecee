/** Credentials (access key, or a role assumed with STS) and validateAwsCloud's DryRun checks. */
import { DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { CloudSpec } from '../port';
import { parseAwsCloud } from './cloud-config';
import { awsCredentials } from './credentials';
import { FakeEc2 } from './testing/fake-ec2';
import { AWS_TEST_CLOUD, T0 } from './testing/fixtures';
import { validateAwsCloud } from './validate';

const ROLE = 'arn:aws:iam::123456789012:role/switchyard-deployer';
const withRole: CloudSpec = {
  ...AWS_TEST_CLOUD,
  credentials: { ...AWS_TEST_CLOUD.credentials, role_arn: ROLE },
};
const sts = mockClient(STSClient);
let now = T0;
const clock = () => now;
const assumed = (expiresAt: number) => ({
  Credentials: {
    AccessKeyId: 'ASIATEMP',
    SecretAccessKey: 'temp-secret',
    SessionToken: 'temp-token',
    Expiration: new Date(expiresAt),
  },
});

beforeEach(() => {
  sts.reset();
  now = T0;
});
afterAll(() => sts.restore());

describe('aws credentials', () => {
  it('an access key is used as it is', async () => {
    expect(await awsCredentials(parseAwsCloud(AWS_TEST_CLOUD), clock)()).toEqual({
      accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
      secretAccessKey: 'secret-secret-secret-secret',
    });
    expect(sts.calls()).toHaveLength(0);
  });

  it('a role is assumed with STS, reused, and renewed 5 minutes before it expires', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed(T0 + 3_600_000));
    const credentials = awsCredentials(parseAwsCloud(withRole), clock);
    expect(await credentials()).toEqual({
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'temp-secret',
      sessionToken: 'temp-token',
      expiration: new Date(T0 + 3_600_000),
    });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: ROLE, RoleSessionName: 'switchyard', DurationSeconds: 3600 },
    ]);
    now = T0 + 54 * 60_000;
    await credentials();
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    now = T0 + 56 * 60_000;
    await credentials();
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('a role the key may not assume is a permission error that points at the trust policy', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'User: arn:aws:iam::1:user/ci is not authorized to perform: sts:AssumeRole',
      }),
    );
    const err = await awsCredentials(parseAwsCloud(withRole), clock)().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permission', retryable: false });
    expect((err as Error).message).toContain(
      `may not assume ${ROLE}: the role's trust policy must allow sts:AssumeRole`,
    );
  });
});

describe('validateAwsCloud', () => {
  let ec2: FakeEc2;
  beforeEach(() => {
    ec2 = new FakeEc2({ clock });
  });
  afterEach(() => ec2.restore());

  it("ok: DescribeInstances and RunInstances as DryRun, with the record's AMI, subnet, security groups and key; nothing launched", async () => {
    expect(await validateAwsCloud(AWS_TEST_CLOUD)).toEqual({ ok: true });
    expect(ec2.mock.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input)).toEqual([
      { DryRun: true, MaxResults: 5 },
    ]);
    expect(ec2.mock.commandCalls(RunInstancesCommand).map((c) => c.args[0].input)).toEqual([
      {
        DryRun: true,
        ImageId: 'ami-0123456789abcdef0',
        InstanceType: 'm6i.large',
        MinCount: 1,
        MaxCount: 1,
        SubnetId: 'subnet-0abc',
        SecurityGroupIds: ['sg-0abc'],
        KeyName: 'ops',
        TagSpecifications: [
          { ResourceType: 'instance', Tags: [{ Key: 'switchyard:validation', Value: 'dry-run' }] },
        ],
      },
    ]);
    expect(ec2.instances.size).toBe(0);
  });

  it('with a role: assumed first; without ami_id: the default AMI is looked up', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed(T0 + 3_600_000));
    const cloud = { ...withRole, settings: {} };
    expect(await validateAwsCloud(cloud)).toEqual({ ok: true });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(ec2.mock.commandCalls(RunInstancesCommand)[0]!.args[0].input).toMatchObject({
      ImageId: 'ami-0newest',
    });
  });

  it.each([
    ['RunInstances', 'UnauthorizedOperation', 'permission', 'may not call RunInstances'],
    ['DescribeInstances', 'AuthFailure', 'permission', 'may not call DescribeInstances'],
    ['RunInstances', 'InvalidSubnetID.NotFound', 'invalid_request', 'cloud setting subnet_id'],
    ['RunInstances', 'InvalidAMIID.NotFound', 'invalid_request', 'cloud setting ami_id'],
    ['RunInstances', 'InvalidGroup.NotFound', 'invalid_request', 'security_group_ids'],
  ] as const)('%s answering %s → %s', async (command, code, kind, fragment) => {
    ec2.failNext(command, code);
    const result = await validateAwsCloud(AWS_TEST_CLOUD);
    expect(result).toMatchObject({ ok: false, kind });
    expect(result.ok === false && result.message).toContain(fragment);
  });

  it('a record of the wrong shape is refused before anything is sent', async () => {
    const result = await validateAwsCloud({
      ...AWS_TEST_CLOUD,
      credentials: { access_key_id: 'short', secret_access_key: 'x' },
    });
    expect(result).toMatchObject({ ok: false, kind: 'invalid_request' });
    expect(result.ok === false && result.message).toContain('credentials.access_key_id');
    expect(ec2.mock.calls()).toHaveLength(0);
  });

  it('a role that cannot be assumed fails validation as a permission problem', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'not authorized',
      }),
    );
    expect(await validateAwsCloud(withRole)).toMatchObject({ ok: false, kind: 'permission' });
    expect(ec2.mock.calls()).toHaveLength(0);
  });
});
