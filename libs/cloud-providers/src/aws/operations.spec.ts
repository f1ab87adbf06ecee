/** describe / find / scale / in-place / terminate against the fake EC2: the exact requests and what they report. */
import {
  CreateTagsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { ClusterHandle } from '../port';
import { clusterIdOf, keyDigest, launchToken } from '../vm/naming';
import {
  awsClusterSpec,
  awsTestbed,
  envFileOf,
  T0,
  tagsOf,
  userDataOf,
  type AwsTestbed,
} from './testing/fixtures';

const clusterId = clusterIdOf('ro-1/ver-1');
const handle: ClusterHandle = { providerClusterId: clusterId };
const web = (replicas: number) => [
  { application: 'shop', deployment: 'web', target: { kind: 'static' as const, replicas } },
];

describe('aws: describe and adopt', () => {
  let bed: AwsTestbed;
  beforeEach(async () => {
    bed = awsTestbed({ ec2: { bootMs: 20_000 } });
    await bed.provider.provisionCluster(awsClusterSpec());
  });
  afterEach(() => bed.ec2.restore());

  it('lists the cluster by its tag and reports every node for billing', async () => {
    bed.ec2.mock.resetHistory();
    const status = await bed.provider.describeCluster(handle);
    expect(bed.ec2.mock.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input)).toEqual(
      [{ Filters: [{ Name: 'tag:switchyard:cluster', Values: [clusterId] }] }],
    );
    expect(status.state).toBe('PROVISIONING');
    expect(
      status.nodes.map((n) => [
        n.role,
        n.groupName,
        n.instanceType,
        n.gpuType,
        n.gpuCount,
        n.state,
        n.startedAt,
        n.stoppedAt,
      ]),
    ).toEqual([
      ['HEAD', 'head', 'm6i.large', null, 0, 'PENDING', T0, null],
      ['WORKER', 'gpu', 'g5.xlarge', 'A10G', 1, 'PENDING', T0, null],
      ['WORKER', 'cpu', 'm6i.xlarge', null, 0, 'PENDING', T0, null],
      ['WORKER', 'cpu', 'm6i.xlarge', null, 0, 'PENDING', T0, null],
    ]);
  });

  it('replicas are http://<private ip>:8000, ready when the health probe of the application path answers', async () => {
    bed.advance(20_000);
    const status = await bed.provider.describeCluster(handle);
    expect(status.state).toBe('RUNNING');
    const replicas = status.deployments.flatMap((d) => d.replicas);
    expect(replicas.map((r) => r.endpoint)).toEqual([
      'http://10.0.0.4:8000',
      'http://10.0.0.5:8000',
      'http://10.0.0.6:8000',
    ]);
    expect(bed.probed.map((p) => p.url).sort()).toEqual([
      'http://10.0.0.4:8000/healthz',
      'http://10.0.0.5:8000/healthz',
      'http://10.0.0.6:8000/healthz',
    ]);
    expect(bed.probed.every((p) => p.timeoutMs === 2_000)).toBe(true);
    expect(status.healthy).toBe(true);
  });

  it('a replica whose health check fails is not ready, and its application is not healthy', async () => {
    bed.ec2.restore();
    bed = awsTestbed({ probe: async (url) => !url.startsWith('http://10.0.0.4:') }); // the model node
    await bed.provider.provisionCluster(awsClusterSpec());
    const status = await bed.provider.describeCluster(handle);
    expect(
      status.deployments.map((d) => [d.deployment, d.desiredReplicas, d.readyReplicas]),
    ).toEqual([
      ['model', 1, 0],
      ['web', 2, 2],
    ]);
    expect(status.applications).toEqual([
      { name: 'shop', healthy: false, message: 'starting: no ready replica of model yet' },
    ]);
  });

  it('findClusters filters head nodes by tags, with EC2 wildcards escaped', async () => {
    bed.ec2.mock.resetHistory();
    expect(await bed.provider.findClusters({ serviceId: 'svc-*' })).toEqual([]);
    expect(bed.ec2.mock.commandCalls(DescribeInstancesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'tag:switchyard:role', Values: ['head'] },
      { Name: 'tag:switchyard:service', Values: ['svc-\\*'] },
    ]);
    const found = await bed.provider.findClusters({ serviceId: 'svc-1', versionName: 'v1' });
    expect(found).toEqual([{ handle, labels: awsClusterSpec().labels, state: 'PROVISIONING' }]);
  });

  it("a head node that EC2 stops on its own fails the cluster with EC2's reason", async () => {
    const head = [...bed.ec2.instances.values()].find(
      (i) => i.tags.get('switchyard:role') === 'head',
    )!;
    bed.ec2.interrupt(head.id, 'Server.InternalError: Internal error on launch');
    const status = await bed.provider.describeCluster(handle);
    expect({ state: status.state, failureReason: status.failureReason }).toEqual({
      state: 'FAILED',
      failureReason: `the head node ${head.id} stopped: Server.InternalError: Internal error on launch`,
    });
  });
});

describe('aws: setCapacity, drains, replays', () => {
  let bed: AwsTestbed;
  beforeEach(async () => {
    bed = awsTestbed();
    await bed.provider.provisionCluster(awsClusterSpec());
    bed.ec2.mock.resetHistory();
  });
  afterEach(() => bed.ec2.restore());

  it('scale-up: the launch spec is read back from the head, and new nodes are launched under tokens derived from the key', async () => {
    await bed.provider.setCapacity(handle, web(3), 'ro-1/step-3');
    const head = [...bed.ec2.instances.values()].find(
      (i) => i.tags.get('switchyard:role') === 'head',
    )!;
    expect(
      bed.ec2.mock.commandCalls(DescribeInstanceAttributeCommand).map((c) => c.args[0].input),
    ).toEqual([{ InstanceId: head.id, Attribute: 'userData' }]);
    const [run] = bed.ec2.mock.commandCalls(RunInstancesCommand).map((c) => c.args[0].input);
    expect(run!.ClientToken).toBe(
      launchToken(clusterId, keyDigest('setCapacity', 'ro-1/step-3'), 'shop/web', 0),
    );
    expect(envFileOf(userDataOf(run!))).toContain("MODEL_NAME='llama'");
    expect(tagsOf(run!)).toMatchObject({
      'switchyard:launch-key': keyDigest('setCapacity', 'ro-1/step-3'),
      'switchyard:slot': '0',
      'switchyard:deployment': 'web',
    });
    const state = bed.ec2.mock.commandCalls(CreateTagsCommand).at(-1)!.args[0].input;
    expect(state.Resources).toEqual([head.id]);
    expect(state.Tags).toEqual(
      expect.arrayContaining([{ Key: 'switchyard:target:shop/web', Value: 'static:3' }]),
    );
  });

  it('scale-down: the newest nodes drain (tagged, reported draining, not ready), then stop after the drain period', async () => {
    await bed.provider.setCapacity(handle, web(1), 'ro-1/step-4');
    const drainTag = bed.ec2.mock.commandCalls(CreateTagsCommand)[0]!.args[0].input;
    expect(drainTag.Tags).toEqual([{ Key: 'switchyard:draining-since', Value: String(T0) }]);
    const victim = drainTag.Resources![0]!;
    let status = await bed.provider.describeCluster(handle);
    const webStatus = status.deployments.find((d) => d.deployment === 'web')!;
    expect(webStatus.replicas.find((r) => r.replicaId === victim)).toMatchObject({
      draining: true,
      ready: false,
    });
    expect([webStatus.desiredReplicas, webStatus.readyReplicas]).toEqual([1, 1]);
    expect(bed.ec2.mock.commandCalls(TerminateInstancesCommand)).toEqual([]);
    bed.advance(30_000);
    status = await bed.provider.describeCluster(handle);
    expect(
      bed.ec2.mock.commandCalls(TerminateInstancesCommand).map((c) => c.args[0].input.InstanceIds),
    ).toEqual([[victim]]);
    expect(status.nodes.find((n) => n.providerNodeId === victim)).toMatchObject({
      state: 'STOPPED',
      stoppedAt: T0 + 30_000,
    });
  });

  it('replaying an applied key changes nothing, even after later keys', async () => {
    await bed.provider.setCapacity(handle, web(3), 'k1');
    await bed.provider.setCapacity(handle, web(1), 'k2');
    bed.ec2.mock.resetHistory();
    await bed.provider.setCapacity(handle, web(3), 'k1');
    expect(bed.ec2.mock.commandCalls(RunInstancesCommand)).toEqual([]);
    expect(bed.ec2.mock.commandCalls(CreateTagsCommand)).toEqual([]);
  });

  it('a heavy in-place update starts a successor with the new env; once it is ready the old replica drains and is reported replaced', async () => {
    const before = await bed.provider.describeCluster(handle);
    const old = before.deployments.find((d) => d.deployment === 'web')!.replicas[0]!.replicaId;
    const applications = awsClusterSpec().applications;
    await bed.provider.updateInPlace(
      handle,
      {
        mode: 'heavy',
        replica: { application: 'shop', deployment: 'web', replicaId: old },
        applications,
        env: { MODEL_NAME: 'llama-2' },
      },
      'ro-2/heavy-0',
    );
    const [run] = bed.ec2.mock.commandCalls(RunInstancesCommand).map((c) => c.args[0].input);
    expect(tagsOf(run!)['switchyard:replaces']).toBe(old);
    expect(envFileOf(userDataOf(run!))).toContain("MODEL_NAME='llama-2'");
    const after = await bed.provider.describeCluster(handle);
    expect(after.replacedReplicaIds).toEqual([old]);
    expect(
      after.deployments
        .find((d) => d.deployment === 'web')!
        .replicas.find((r) => r.replicaId === old),
    ).toMatchObject({ draining: true, ready: false });
    // Later launches use the updated spec, read back from the successor.
    await bed.provider.setCapacity(handle, web(3), 'ro-2/after');
    const later = bed.ec2.mock.commandCalls(RunInstancesCommand).at(-1)!.args[0].input;
    expect(envFileOf(userDataOf(later))).toContain("MODEL_NAME='llama-2'");
  });

  it('terminateCluster marks the head, terminates every node, and a replay does nothing more', async () => {
    await bed.provider.terminateCluster(handle, 'ro-1/terminate');
    const ids = [...bed.ec2.instances.keys()];
    expect(bed.ec2.mock.commandCalls(CreateTagsCommand)[0]!.args[0].input.Tags).toEqual(
      expect.arrayContaining([{ Key: 'switchyard:terminating', Value: 'true' }]),
    );
    expect(
      bed.ec2.mock
        .commandCalls(TerminateInstancesCommand)
        .map((c) => [...c.args[0].input.InstanceIds!].sort()),
    ).toEqual([ids.sort()]);
    bed.ec2.mock.resetHistory();
    await bed.provider.terminateCluster(handle, 'ro-1/terminate');
    expect(bed.ec2.mock.commandCalls(TerminateInstancesCommand)).toEqual([]);
    expect((await bed.provider.describeCluster(handle)).state).toBe('TERMINATED');
  });
});
