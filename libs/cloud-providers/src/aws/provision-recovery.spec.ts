/** provisionCluster against the fake EC2: replays, crashes half-way, waiting, capacity, spot fallback, refusals. */
import {
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { ProviderError } from '../port';
import { clusterIdOf, keyDigest, launchToken } from '../vm/naming';
import {
  AWS_TEST_CLOUD,
  awsClusterSpec,
  awsTestbed,
  tagsOf,
  type AwsTestbed,
} from './testing/fixtures';

const runs = (bed: AwsTestbed) =>
  bed.ec2.mock.commandCalls(RunInstancesCommand).map((c) => c.args[0].input);
const clusterId = clusterIdOf('ro-1/ver-1');
const provisionKey = keyDigest('provisionCluster', 'ro-1/ver-1');

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const outcome = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(ProviderError);
  return outcome as ProviderError;
}

describe('aws provisionCluster: idempotency', () => {
  let bed: AwsTestbed;
  beforeEach(() => {
    bed = awsTestbed();
  });
  afterEach(() => bed.ec2.restore());

  it('a replayed provisioning (same key, any worker process) launches nothing', async () => {
    await bed.provider.provisionCluster(awsClusterSpec());
    const again = bed.anotherWorker(); // another process: nothing in memory
    bed.ec2.mock.resetHistory();
    expect(await again.provisionCluster(awsClusterSpec())).toEqual({
      providerClusterId: clusterId,
    });
    expect(runs(bed)).toEqual([]);
  });

  it('two workers provisioning the same cluster at once launch each node once (same ClientTokens)', async () => {
    const other = bed.anotherWorker();
    const [a, b] = await Promise.all([
      bed.provider.provisionCluster(awsClusterSpec()),
      other.provisionCluster(awsClusterSpec()),
    ]);
    expect(a).toEqual(b);
    expect(runs(bed).length).toBeGreaterThan(4); // both asked…
    expect(bed.ec2.live()).toHaveLength(4); // …EC2 launched each token once
  });

  it('after a crash half-way, the retry launches only what is missing, under the same tokens', async () => {
    // EC2 keeps failing the web nodes (5 attempts each, with backoff): the job fails, retryably.
    bed.ec2.failNext('RunInstances', 'InternalError', {
      times: 5,
      when: (i) => i.InstanceType === 'm6i.xlarge',
    });
    const err = await failure(bed.provider.provisionCluster(awsClusterSpec()));
    expect({ kind: err.kind, retryable: err.retryable }).toEqual({
      kind: 'unavailable',
      retryable: true,
    });
    expect(err.message).toContain('gave up after 5 attempts');
    expect(bed.ec2.live()).toHaveLength(2); // head + model: a retryable failure cleans nothing up
    const first = runs(bed).map((i) => i.ClientToken);
    bed.ec2.mock.resetHistory();
    await bed.provider.provisionCluster(awsClusterSpec());
    const retried = runs(bed).map((i) => i.ClientToken);
    expect(retried).toEqual([
      launchToken(clusterId, provisionKey, 'shop/web', 0),
      launchToken(clusterId, provisionKey, 'shop/web', 1),
    ]);
    expect(first).toContain(retried[0]);
    expect(bed.ec2.live()).toHaveLength(4);
  });

  it('instances EC2 does not list yet are waited for (bounded), so the next describe sees them', async () => {
    bed.ec2.restore();
    bed = awsTestbed({ ec2: { listLagMs: 4_000 } });
    await bed.provider.provisionCluster(awsClusterSpec());
    expect(bed.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4_000);
    expect(
      bed.ec2.mock
        .commandCalls(DescribeInstancesCommand)
        .some((c) => c.args[0].input.InstanceIds !== undefined),
    ).toBe(true);
    expect(
      (await bed.provider.describeCluster({ providerClusterId: clusterId })).nodes,
    ).toHaveLength(4);
  });

  it('waitUntil "running": returns once the nodes run; past launchWaitMs, a retryable error saying what it waited for', async () => {
    bed.ec2.restore();
    bed = awsTestbed({
      ec2: { bootMs: 25_000 },
      provider: { waitUntil: 'running', launchWaitMs: 60_000 },
    });
    await bed.provider.provisionCluster(awsClusterSpec());
    expect(bed.now()).toBeGreaterThanOrEqual(Date.parse('2026-11-22T10:00:25Z'));
    bed.ec2.restore();
    bed = awsTestbed({
      ec2: { bootMs: 600_000 },
      provider: { waitUntil: 'running', launchWaitMs: 10_000 },
    });
    const err = await failure(bed.provider.provisionCluster(awsClusterSpec()));
    expect({ kind: err.kind, retryable: err.retryable }).toEqual({
      kind: 'unavailable',
      retryable: true,
    });
    expect(err.message).toMatch(/^aws: instances i-\S+ running: still not done after 10 s$/);
  });
});

describe('aws provisionCluster: failures', () => {
  let bed: AwsTestbed;
  beforeEach(() => {
    bed = awsTestbed();
  });
  afterEach(() => bed.ec2.restore());

  it('no capacity: a non-retryable capacity error that says what to do, and nothing left running', async () => {
    bed.ec2.failNext('RunInstances', 'InsufficientInstanceCapacity', {
      message:
        'We currently do not have sufficient g5.xlarge capacity in the Availability Zone you requested (us-east-1a).',
      when: (i) => i.InstanceType === 'g5.xlarge',
    });
    const err = await failure(bed.provider.provisionCluster(awsClusterSpec()));
    expect({ kind: err.kind, retryable: err.retryable }).toEqual({
      kind: 'capacity',
      retryable: false,
    });
    expect(err.message).toContain(
      'AWS RunInstances failed with InsufficientInstanceCapacity: We currently do not have sufficient g5.xlarge capacity',
    );
    expect(err.message).toContain(
      'use a subnet in another Availability Zone (cloud setting subnet_id), or choose another instance type',
    );
    // The head was already running: it is stopped again (the GPU node is the first worker launched).
    const terminated = bed.ec2.mock
      .commandCalls(TerminateInstancesCommand)
      .flatMap((c) => c.args[0].input.InstanceIds);
    const headId = [...bed.ec2.instances.values()].find(
      (i) => i.tags.get('switchyard:role') === 'head',
    )!.id;
    expect(terminated).toEqual([headId]);
    expect(bed.ec2.live()).toEqual([]);
    const status = await bed.provider.describeCluster({ providerClusterId: clusterId });
    expect(status.state).toBe('FAILED');
    expect(status.failureReason).toContain('InsufficientInstanceCapacity');
  });

  it('spot workers: requested as one-time spot; without spot capacity, the same node on demand under its own token', async () => {
    bed.ec2.restore();
    bed = awsTestbed({ provider: { spotWorkers: true } });
    bed.ec2.failNext('RunInstances', 'InsufficientInstanceCapacity', {
      when: (i) => i.InstanceType === 'g5.xlarge' && i.InstanceMarketOptions !== undefined,
    });
    await bed.provider.provisionCluster(awsClusterSpec());
    const [head, modelSpot, modelOnDemand, web] = runs(bed);
    expect(head!.InstanceMarketOptions).toBeUndefined();
    expect(web!.InstanceMarketOptions).toEqual({
      MarketType: 'spot',
      SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' },
    });
    expect(tagsOf(web!)['switchyard:market']).toBe('spot');
    expect(modelOnDemand!.InstanceMarketOptions).toBeUndefined();
    expect(modelOnDemand!.ClientToken).toBe(`${modelSpot!.ClientToken}-od`);
    expect(tagsOf(modelOnDemand!)['switchyard:market']).toBe('on-demand');
    expect(bed.ec2.live()).toHaveLength(4);
  });

  it.each([
    ['no image', { imageUri: null }, 'set image_uri in the service config'],
    [
      'an unknown instance type',
      { compute: { headNode: { instanceType: 'g5.xlarg' }, workerGroups: [] } },
      'head_node.instance_type: "g5.xlarg" is not an AWS instance type Switchyard supports; valid g5 types: g5.xlarge, g5.2xlarge',
    ],
    [
      'GPUs that do not match the type',
      {
        compute: {
          headNode: { instanceType: 'm6i.large' },
          workerGroups: [
            {
              name: 'gpu',
              instanceType: 'g5.12xlarge',
              gpuType: 'A10G',
              gpuCount: 1,
              minNodes: 0,
              maxNodes: 2,
            },
          ],
        },
      },
      'g5.12xlarge comes with 4 × A10G',
    ],
    [
      'a GPU deployment without a GPU group',
      {
        compute: {
          headNode: { instanceType: 'm6i.large' },
          workerGroups: [
            {
              name: 'cpu',
              instanceType: 'm6i.xlarge',
              gpuType: null,
              gpuCount: 0,
              minNodes: 0,
              maxNodes: 4,
            },
          ],
        },
      },
      'shop/model asks for 1 GPU(s) but no worker group',
    ],
    [
      'more replicas than max_nodes',
      {
        targets: [
          {
            application: 'shop',
            deployment: 'model',
            target: { kind: 'static' as const, replicas: 5 },
          },
        ],
      },
      'worker group "gpu" allows at most 4 nodes (max_nodes) but its replicas need 5',
    ],
    [
      'another region',
      { cloud: { ...AWS_TEST_CLOUD, region: 'eu-west-1' } },
      'this provider serves AWS us-east-1',
    ],
  ])('refuses %s as invalid_request, before launching anything', async (_what, patch, fragment) => {
    const err = await failure(bed.provider.provisionCluster(awsClusterSpec(patch)));
    expect(err.kind).toBe('invalid_request');
    expect(err.message).toContain(fragment);
    expect(runs(bed)).toEqual([]);
    expect(bed.ec2.live()).toEqual([]);
  });
});
