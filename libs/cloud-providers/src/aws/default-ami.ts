/**
 * Without `ami_id` in the cloud record, nodes boot the newest AWS Deep Learning Base AMI
 * (Ubuntu 22.04) of the region: NVIDIA driver, Docker and the NVIDIA container toolkit are
 * installed, which is all the startup script needs, on CPU and GPU instance types alike.
 */
import { DescribeImagesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { ProviderError } from '../port';
import type { Ec2Calls } from './ec2-calls';

export const DEFAULT_AMI_NAME_PATTERN =
  'Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 22.04) *';

export async function resolveDefaultAmi(
  client: EC2Client,
  calls: Ec2Calls,
  region: string,
): Promise<string> {
  const out = await calls.call({ action: 'DescribeImages', region }, () =>
    client.send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [
          { Name: 'name', Values: [DEFAULT_AMI_NAME_PATTERN] },
          { Name: 'state', Values: ['available'] },
          { Name: 'architecture', Values: ['x86_64'] },
        ],
      }),
    ),
  );
  const newest = (out.Images ?? [])
    .filter((i) => i.ImageId)
    .sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  if (!newest)
    throw new ProviderError(
      'invalid_request',
      `aws: no AWS Deep Learning Base AMI is published in ${region}: set the cloud setting ami_id`,
    );
  return newest.ImageId!;
}
