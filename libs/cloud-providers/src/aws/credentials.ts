/**
 * The credentials EC2 calls are signed with: the organization's access key, or — when the cloud
 * record names a role — temporary credentials from STS AssumeRole, renewed 5 minutes before
 * they expire.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ProviderError } from '../port';
import type { AwsCloudConfig } from './cloud-config';
import { awsProviderError } from './errors';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

export const ASSUME_ROLE_SESSION_NAME = 'switchyard';
const ASSUMED_FOR_S = 3600;
const RENEW_BEFORE_MS = 5 * 60_000;

export function awsCredentials(
  config: AwsCloudConfig,
  clock: () => number,
): AwsCredentialsProvider {
  const keys = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey };
  if (config.roleArn === null) return async () => keys;
  const roleArn = config.roleArn;
  const sts = new STSClient({ region: config.region, credentials: keys, maxAttempts: 1 });
  let cached: AwsCredentials | null = null;
  return async () => {
    if (cached?.expiration && clock() < cached.expiration.getTime() - RENEW_BEFORE_MS)
      return cached;
    let out;
    try {
      out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: ASSUME_ROLE_SESSION_NAME,
          DurationSeconds: ASSUMED_FOR_S,
        }),
      );
    } catch (error) {
      const mapped = awsProviderError(error, { action: 'sts:AssumeRole', region: config.region });
      if (mapped.kind !== 'permission') throw mapped;
      throw new ProviderError(
        'permission',
        `${mapped.message}. The access key may not assume ${roleArn}: the role's trust policy must allow sts:AssumeRole for the key's IAM principal`,
      );
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new ProviderError(
        'internal',
        `aws: sts:AssumeRole of ${roleArn} returned no credentials`,
      );
    cached = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    return cached;
  };
}
