/**
 * The provider conformance suite against the AWS adapter, with EC2 faked by a stateful
 * aws-sdk-client-mock fake (testing/fake-ec2.ts) on a fake clock.
 */
import { describeProviderConformance } from '../conformance';
import type { ClusterSpec } from '../port';
import { createAwsProvider } from './provider';
import { FakeEc2 } from './testing/fake-ec2';
import { AWS_TEST_CLOUD } from './testing/fixtures';

function awsSpec(spec: ClusterSpec): ClusterSpec {
  return {
    ...spec,
    cloud: AWS_TEST_CLOUD,
    imageUri: 'registry.example.com/conformance:1',
    compute: {
      headNode: { instanceType: 'm6i.large' },
      workerGroups: [
        {
          name: 'cpu',
          instanceType: 'm6i.xlarge',
          gpuType: null,
          gpuCount: 0,
          minNodes: 0,
          maxNodes: 10,
        },
        {
          name: 'gpu',
          instanceType: 'g5.xlarge',
          gpuType: 'A10G',
          gpuCount: 1,
          minNodes: 0,
          maxNodes: 6,
        },
      ],
    },
    applications: spec.applications.map((a) => ({
      ...a,
      deployments: a.deployments.map((d) =>
        d.name === 'model' ? { ...d, resources: { ...d.resources, gpus: 1 } } : d,
      ),
    })),
  };
}

function harness(timing: {
  bootMs: number;
  shutdownMs: number;
  listLagMs: number;
  drainMs: number;
}) {
  return async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const advance = (ms: number) => {
      now += ms;
    };
    const ec2 = new FakeEc2({
      clock,
      bootMs: timing.bootMs,
      shutdownMs: timing.shutdownMs,
      listLagMs: timing.listLagMs,
    });
    const provider = createAwsProvider({
      cloud: AWS_TEST_CLOUD,
      clock,
      sleep: async (ms) => advance(ms),
      probe: ec2.probe,
      drainMs: timing.drainMs,
    });
    return {
      provider,
      advance,
      adaptSpec: awsSpec,
      injectCapacityError: () =>
        ec2.failNext('RunInstances', 'InsufficientInstanceCapacity', {
          when: (input) => input.InstanceType === 'g5.xlarge',
          times: 10,
        }),
      cleanup: async () => ec2.restore(),
    };
  };
}

describeProviderConformance(
  'aws (fake EC2), instant',
  harness({ bootMs: 0, shutdownMs: 0, listLagMs: 0, drainMs: 0 }),
  { capacityFaults: true },
);
describeProviderConformance(
  'aws (fake EC2), 20 s boot, 5 s list lag, 10 s drain',
  harness({ bootMs: 20_000, shutdownMs: 3_000, listLagMs: 5_000, drainMs: 10_000 }),
  {
    capacityFaults: true,
  },
);
