/**
 * `validateAwsCloud`: what the API runs before it saves an AWS cloud record. Nothing is launched:
 * the checks are DryRun calls, which AWS answers with `DryRunOperation` when the call would
 * have been allowed (and with the real error otherwise).
 *
 * 1. the record's shape; 2. the credentials (AssumeRole when a role is named);
 * 3. DescribeInstances (DryRun); 4. the AMI (ami_id, or the default one exists);
 * 5. RunInstances (DryRun) with the record's subnet, security groups, key and creation tags.
 */
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { validationFailure, type CloudValidation } from '../cloud-validation';
import { ProviderError, type CloudSpec } from '../port';
import { DEFAULT_RETRY, realTiming, type RetryPolicy } from '../vm/retry';
import { parseAwsCloud } from './cloud-config';
import { awsCredentials } from './credentials';
import { resolveDefaultAmi } from './default-ami';
import { ec2Calls } from './ec2-calls';
import { awsErrorCode } from './error-codes';
import { awsProviderError } from './errors';
import { AWS_DEFAULT_INSTANCE_TYPE } from './provider';

export interface AwsValidationDeps {
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
}

export async function validateAwsCloud(
  cloud: CloudSpec,
  deps: AwsValidationDeps = {},
): Promise<CloudValidation> {
  try {
    const config = parseAwsCloud(cloud);
    const credentials = awsCredentials(config, deps.clock ?? realTiming.clock);
    await credentials(); // AssumeRole fails here, with its own message
    const client = new EC2Client({ region: config.region, credentials, maxAttempts: 1 });
    const calls = ec2Calls(deps.retry ?? DEFAULT_RETRY, deps.sleep ?? realTiming.sleep);
    const region = config.region;

    /** A DryRun call: `DryRunOperation` is the success answer. */
    const dryRun = async (action: string, run: () => Promise<unknown>, instanceType?: string) => {
      try {
        await calls.callRaw(run);
      } catch (error) {
        if (awsErrorCode(error) === 'DryRunOperation') return;
        throw awsProviderError(error, {
          action,
          region,
          instanceType,
          subnetId: config.subnetId ?? undefined,
        });
      }
      throw new ProviderError('internal', `aws: ${action} with DryRun answered as if it ran`);
    };

    await dryRun('DescribeInstances', () =>
      client.send(new DescribeInstancesCommand({ DryRun: true, MaxResults: 5 })),
    );
    const imageId = config.amiId ?? (await resolveDefaultAmi(client, calls, region));
    await dryRun(
      'RunInstances',
      () =>
        client.send(
          new RunInstancesCommand({
            DryRun: true,
            ImageId: imageId,
            InstanceType: AWS_DEFAULT_INSTANCE_TYPE,
            MinCount: 1,
            MaxCount: 1,
            ...(config.subnetId ? { SubnetId: config.subnetId } : {}),
            ...(config.securityGroupIds.length > 0
              ? { SecurityGroupIds: config.securityGroupIds }
              : {}),
            ...(config.keyName ? { KeyName: config.keyName } : {}),
            TagSpecifications: [
              {
                ResourceType: 'instance',
                Tags: [{ Key: 'switchyard:validation', Value: 'dry-run' }],
              },
            ],
          }),
        ),
      AWS_DEFAULT_INSTANCE_TYPE,
    );
    return { ok: true };
  } catch (error) {
    return validationFailure(error);
  }
}
