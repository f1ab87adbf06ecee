/**
 * An AWS cloud record as the adapter uses it. The API validates the record with the shapes in
 * libs/contracts (resources/cloud.ts); this re-reads the decrypted record so a bad one becomes a
 * typed `invalid_request` naming the field rather than an SDK error later.
 */
import { z } from 'zod';
import { ProviderError, type CloudSpec } from '../port';

export interface AwsCloudConfig {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Assumed with STS before any EC2 call when set (cross-account access). */
  roleArn: string | null;
  subnetId: string | null;
  securityGroupIds: string[];
  /** Null: the newest AWS Deep Learning Base AMI of the region (see default-ami.ts). */
  amiId: string | null;
  keyName: string | null;
}

const credentials = z.object({
  access_key_id: z.string().min(16),
  secret_access_key: z.string().min(16),
  role_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/)
    .optional(),
});

const settings = z.object({
  subnet_id: z.string().min(1).optional(),
  security_group_ids: z.array(z.string().min(1)).max(16).optional(),
  ami_id: z.string().min(1).optional(),
  key_name: z.string().min(1).optional(),
});

function fieldErrors(prefix: string, error: z.ZodError): string {
  return error.issues.map((i) => `${[prefix, ...i.path].join('.')}: ${i.message}`).join('; ');
}

export function parseAwsCloud(cloud: CloudSpec): AwsCloudConfig {
  if (cloud.provider !== 'AWS')
    throw new ProviderError('invalid_request', `aws: the cloud is a ${cloud.provider} cloud`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(cloud.region))
    throw new ProviderError('invalid_request', `aws: "${cloud.region}" is not an AWS region name`);
  const c = credentials.safeParse(cloud.credentials ?? {});
  if (!c.success)
    throw new ProviderError('invalid_request', `aws: ${fieldErrors('credentials', c.error)}`);
  const s = settings.safeParse(cloud.settings ?? {});
  if (!s.success)
    throw new ProviderError('invalid_request', `aws: ${fieldErrors('settings', s.error)}`);
  return {
    region: cloud.region,
    accessKeyId: c.data.access_key_id,
    secretAccessKey: c.data.secret_access_key,
    roleArn: c.data.role_arn ?? null,
    subnetId: s.data.subnet_id ?? null,
    securityGroupIds: s.data.security_group_ids ?? [],
    amiId: s.data.ami_id ?? null,
    keyName: s.data.key_name ?? null,
  };
}
