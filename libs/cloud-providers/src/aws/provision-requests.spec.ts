/** provisionCluster against the fake EC2: the exact RunInstances requests (tokens, tags, user data, AMI). */
import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { clusterIdOf, keyDigest, launchToken } from '../vm/naming';
import { specFromUserData } from './user-data';
import {
  AWS_TEST_CLOUD,
  awsClusterSpec,
  awsTestbed,
  envFileOf,
  tagsOf,
  userDataOf,
  type AwsTestbed,
} from './testing/fixtures';

const runs = (bed: AwsTestbed) =>
  bed.ec2.mock.commandCalls(RunInstancesCommand).map((c) => c.args[0].input);
const clusterId = clusterIdOf('ro-1/ver-1');
const provisionKey = keyDigest('provisionCluster', 'ro-1/ver-1');

describe('aws provisionCluster: the RunInstances requests', () => {
  let bed: AwsTestbed;
  beforeEach(() => {
    bed = awsTestbed();
  });
  afterEach(() => bed.ec2.restore());

  it('launches the head, then one node per replica (deployments in name order), with ClientTokens derived from (cluster key, deployment, slot)', async () => {
    expect(await bed.provider.provisionCluster(awsClusterSpec())).toEqual({
      providerClusterId: clusterId,
    });
    const inputs = runs(bed);
    expect(
      inputs.map((i) => [
        i.InstanceType,
        tagsOf(i)['switchyard:role'],
        tagsOf(i)['switchyard:deployment'],
      ]),
    ).toEqual([
      ['m6i.large', 'head', undefined],
      ['g5.xlarge', 'worker', 'model'],
      ['m6i.xlarge', 'worker', 'web'],
      ['m6i.xlarge', 'worker', 'web'],
    ]);
    expect(inputs.map((i) => i.ClientToken)).toEqual([
      launchToken(clusterId, 'head', 'head', 0),
      launchToken(clusterId, provisionKey, 'shop/model', 0),
      launchToken(clusterId, provisionKey, 'shop/web', 0),
      launchToken(clusterId, provisionKey, 'shop/web', 1),
    ]);
    expect(inputs.every((i) => i.ClientToken!.length <= 64)).toBe(true);
  });

  it('the head request: AMI, subnet, security groups, key from the cloud record; IMDSv2; tags incl. the desired state', async () => {
    await bed.provider.provisionCluster(awsClusterSpec());
    const head = runs(bed)[0]!;
    expect({ ...head, UserData: '…', TagSpecifications: '…' }).toEqual({
      ClientToken: launchToken(clusterId, 'head', 'head', 0),
      ImageId: 'ami-0123456789abcdef0',
      InstanceType: 'm6i.large',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: 'subnet-0abc',
      SecurityGroupIds: ['sg-0abc'],
      KeyName: 'ops',
      UserData: '…',
      InstanceInitiatedShutdownBehavior: 'terminate',
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      TagSpecifications: '…',
    });
    const tags = tagsOf(head);
    expect(tags).toEqual({
      Name: `${clusterId}-head`,
      'switchyard:cluster': clusterId,
      'switchyard:cluster-key': 'ro-1/ver-1',
      'switchyard:organization': 'org-1',
      'switchyard:project': 'prj-1',
      'switchyard:service': 'svc-1',
      'switchyard:version': 'ver-1',
      'switchyard:service-name': 'shop',
      'switchyard:version-name': 'v1',
      'switchyard:rollout': 'ro-1',
      'switchyard:role': 'head',
      'switchyard:group': 'head',
      'switchyard:launch-key': 'head',
      'switchyard:slot': '0',
      'switchyard:spec': expect.stringMatching(/^[0-9a-f]{16}$/),
      'switchyard:market': 'on-demand',
      'switchyard:applied-keys': '',
      'switchyard:cluster-spec': expect.stringMatching(/^[0-9a-f]{16}$/),
      'switchyard:port': '8000',
      'switchyard:target:shop/web': 'static:2',
      'switchyard:target:shop/model': 'static:1',
      'switchyard:health:shop': '2:/healthz',
    });
    expect(tagsOf(head, 'volume')).toEqual({
      Name: `${clusterId}-head`,
      'switchyard:cluster': clusterId,
      'switchyard:organization': 'org-1',
      'switchyard:project': 'prj-1',
      'switchyard:service': 'svc-1',
      'switchyard:version': 'ver-1',
    });
  });

  it('a GPU worker: its instance type and GPU tags, and user data that runs the image with the GPUs', async () => {
    await bed.provider.provisionCluster(awsClusterSpec());
    const model = runs(bed)[1]!;
    expect(tagsOf(model)).toMatchObject({
      'switchyard:group': 'gpu',
      'switchyard:gpu-type': 'A10G',
      'switchyard:gpu-count': '1',
      'switchyard:application': 'shop',
    });
    const script = userDataOf(model);
    expect(script).toContain(
      "docker run -d --name switchyard-replica --restart unless-stopped -p 8000:8000 --gpus all -e MODEL_NAME -e QUOTE -e PORT -e SWITCHYARD_APPLICATION -e SWITCHYARD_DEPLOYMENT -e SWITCHYARD_ROUTE_PREFIX -e SWITCHYARD_HEALTH_CHECK_PATH -e SWITCHYARD_CLUSTER_ID 'registry.example.com/shop/api:1.4.2'",
    );
  });

  it('worker user data: the env file (values quoted for the shell), the container and the launch spec', async () => {
    await bed.provider.provisionCluster(awsClusterSpec());
    const web = userDataOf(runs(bed)[2]!);
    expect(web.startsWith('#!/bin/bash\n')).toBe(true);
    expect(web).not.toContain('--gpus');
    expect(envFileOf(web)).toBe(
      [
        "MODEL_NAME='llama'",
        "QUOTE='it'\\''s'",
        "PORT='8000'",
        "SWITCHYARD_APPLICATION='shop'",
        "SWITCHYARD_DEPLOYMENT='web'",
        "SWITCHYARD_ROUTE_PREFIX='/'",
        "SWITCHYARD_HEALTH_CHECK_PATH='/healthz'",
        `SWITCHYARD_CLUSTER_ID='${clusterId}'`,
        '',
      ].join('\n'),
    );
    expect(JSON.parse(specFromUserData(web)!)).toMatchObject({
      imageUri: 'registry.example.com/shop/api:1.4.2',
      env: { MODEL_NAME: 'llama' },
      port: 8000,
    });
    const head = userDataOf(runs(bed)[0]!);
    expect(head).toContain('runs no replica');
    expect(head).not.toContain('docker run');
  });

  it('without ami_id: the newest AWS Deep Learning Base AMI of the region', async () => {
    const noAmi = { ...AWS_TEST_CLOUD, settings: { subnet_id: 'subnet-0abc' } };
    bed.ec2.restore();
    bed = awsTestbed({ provider: { cloud: noAmi } });
    await bed.provider.provisionCluster(awsClusterSpec({ cloud: noAmi }));
    expect(bed.ec2.mock.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input)).toEqual([
      {
        Owners: ['amazon'],
        Filters: [
          {
            Name: 'name',
            Values: ['Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 22.04) *'],
          },
          { Name: 'state', Values: ['available'] },
          { Name: 'architecture', Values: ['x86_64'] },
        ],
      },
    ]);
    expect(new Set(runs(bed).map((i) => i.ImageId))).toEqual(new Set(['ami-0newest']));
    expect(runs(bed)[0]).not.toHaveProperty('SecurityGroupIds');
  });
});
