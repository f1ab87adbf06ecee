/** The RunInstances request of one node: AMI, network and key from the cloud record; tags; user data; market. */
import type { RunInstancesCommandInput, Tag } from '@aws-sdk/client-ec2';
import { ProviderError } from '../port';
import type { LaunchRequest } from '../vm/model';
import type { AwsCloudConfig } from './cloud-config';
import { clusterStateTags, identityTags, LABEL_TAGS, LATER_HEAD_TAGS, MAX_TAGS, TAG } from './tags';
import { MAX_USER_DATA_BYTES, renderUserData } from './user-data';

export type Market = 'spot' | 'on-demand';

/** The EBS volume gets the tags cost reports group by. */
const VOLUME_TAG_KEYS = new Set<string>([
  'Name',
  TAG.cluster,
  LABEL_TAGS.orgId,
  LABEL_TAGS.projectId,
  LABEL_TAGS.serviceId,
  LABEL_TAGS.versionId,
]);

export function runInstancesInput(
  request: LaunchRequest,
  args: { config: AwsCloudConfig; amiId: string; market: Market; clientToken: string },
): RunInstancesCommandInput {
  const { config } = args;
  const userData = renderUserData(request);
  const bytes = Buffer.byteLength(userData);
  if (bytes > MAX_USER_DATA_BYTES) {
    throw new ProviderError(
      'invalid_request',
      `aws: the user data of ${request.name} is ${bytes} bytes and EC2 allows ${MAX_USER_DATA_BYTES}: make the version's env vars smaller`,
    );
  }
  const tags: Tag[] = [
    ...identityTags(request.identity, request.name, args.market),
    ...(request.clusterState ? clusterStateTags(request.clusterState) : []),
  ];
  if (tags.length + (request.clusterState ? LATER_HEAD_TAGS : 0) > MAX_TAGS) {
    throw new ProviderError(
      'invalid_request',
      `aws: the head node would need ${tags.length} tags and EC2 allows ${MAX_TAGS}: the service has too many applications and deployments for one AWS cluster`,
    );
  }
  const input: RunInstancesCommandInput = {
    ClientToken: args.clientToken,
    ImageId: args.amiId,
    InstanceType: request.identity.instanceType as RunInstancesCommandInput['InstanceType'],
    MinCount: 1,
    MaxCount: 1,
    UserData: Buffer.from(userData).toString('base64'),
    // A shutdown from inside the node ends it for good: a node is never restarted by us.
    InstanceInitiatedShutdownBehavior: 'terminate',
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
    TagSpecifications: [
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags.filter((t) => VOLUME_TAG_KEYS.has(t.Key!)) },
    ],
  };
  if (config.subnetId) input.SubnetId = config.subnetId;
  if (config.securityGroupIds.length > 0) input.SecurityGroupIds = [...config.securityGroupIds];
  if (config.keyName) input.KeyName = config.keyName;
  if (args.market === 'spot') {
    input.InstanceMarketOptions = {
      MarketType: 'spot',
      SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' },
    };
  }
  return input;
}
