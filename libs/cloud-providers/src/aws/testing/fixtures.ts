/** A test bed for the AWS adapter: fake clock, recorded sleeps, the fake EC2 and a provider over it. */
import type { ClusterSpec, CloudProvider } from '../../port';
import type { HealthProbe } from '../../vm/health-probe';
import { createAwsProvider, type AwsProviderOptions } from '../provider';
import { FakeEc2, type FakeEc2Options } from './fake-ec2';

export const AWS_TEST_CLOUD = {
  provider: 'AWS' as const,
  region: 'us-east-1',
  zone: null,
  settings: {
    subnet_id: 'subnet-0abc',
    security_group_ids: ['sg-0abc'],
    ami_id: 'ami-0123456789abcdef0',
    key_name: 'ops',
  },
  credentials: {
    access_key_id: 'AKIAEXAMPLEEXAMPLE12',
    secret_access_key: 'secret-secret-secret-secret',
  },
};

export const T0 = Date.parse('2026-11-22T10:00:00Z');

export function awsClusterSpec(patch: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    clusterKey: 'ro-1/ver-1',
    labels: {
      orgId: 'org-1',
      projectId: 'prj-1',
      serviceId: 'svc-1',
      serviceName: 'shop',
      versionId: 'ver-1',
      versionName: 'v1',
      rolloutId: 'ro-1',
    },
    cloud: AWS_TEST_CLOUD,
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
          maxNodes: 4,
        },
      ],
    },
    imageUri: 'registry.example.com/shop/api:1.4.2',
    env: { MODEL_NAME: 'llama', QUOTE: "it's" },
    applications: [
      {
        name: 'shop',
        routePrefix: '/',
        healthCheck: { path: '/healthz', periodS: 5, timeoutS: 2 },
        deployments: [
          { name: 'web', maxOngoingRequests: 10, resources: { cpus: 1 } },
          { name: 'model', maxOngoingRequests: 2, resources: { gpus: 1 } },
        ],
      },
    ],
    targets: [
      { application: 'shop', deployment: 'web', target: { kind: 'static', replicas: 2 } },
      { application: 'shop', deployment: 'model', target: { kind: 'static', replicas: 1 } },
    ],
    ...patch,
  };
}

export interface AwsTestbed {
  ec2: FakeEc2;
  provider: CloudProvider;
  now(): number;
  advance(ms: number): void;
  /** Every sleep the adapter asked for (backoff, waiters), in ms. */
  sleeps: number[];
  /** Every URL the readiness probe was asked about. */
  probed: { url: string; timeoutMs: number }[];
  /** A provider of another worker process: same EC2, same clock, nothing shared in memory. */
  anotherWorker(): CloudProvider;
}

export function awsTestbed(
  options: {
    ec2?: Partial<FakeEc2Options>;
    provider?: Partial<AwsProviderOptions>;
    probe?: HealthProbe;
  } = {},
): AwsTestbed {
  let now = T0;
  const sleeps: number[] = [];
  const probed: AwsTestbed['probed'] = [];
  const clock = () => now;
  const ec2 = new FakeEc2({ clock, ...options.ec2 });
  const probe = options.probe ?? ec2.probe;
  const makeProvider = () =>
    createAwsProvider({
      cloud: AWS_TEST_CLOUD,
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      probe: async (url, timeoutMs) => {
        probed.push({ url, timeoutMs });
        return probe(url, timeoutMs);
      },
      drainMs: 30_000,
      ...options.provider,
    });
  const provider = makeProvider();
  return {
    ec2,
    provider,
    now: clock,
    advance: (ms) => {
      now += ms;
    },
    sleeps,
    probed,
    anotherWorker: makeProvider,
  };
}

/** The decoded user data of a RunInstances input. */
export const userDataOf = (input: { UserData?: string }) =>
  Buffer.from(input.UserData ?? '', 'base64').toString('utf8');

/** The env file a worker's user data writes (it is embedded base64-encoded). */
export function envFileOf(userData: string): string {
  const m = /echo (\S+) \| base64 -d > \/etc\/switchyard\/replica.env/.exec(userData);
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
}

export const tagsOf = (
  input: {
    TagSpecifications?: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[];
  },
  resource = 'instance',
) =>
  Object.fromEntries(
    (input.TagSpecifications ?? [])
      .find((t) => t.ResourceType === resource)
      ?.Tags?.map((t) => [t.Key, t.Value]) ?? [],
  );
