/** The VmBackend over EC2: DescribeInstances, RunInstances, TerminateInstances, CreateTags, DescribeInstanceAttribute. */
import {
  CreateTagsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Filter,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { ClusterLabels } from '../port';
import { ProviderError } from '../port';
import type { ClusterQuery, LaunchRequest, VmBackend, VmNode } from '../vm/model';
import { pollUntil, type RetryPolicy, type Timing } from '../vm/retry';
import type { AwsCloudConfig } from './cloud-config';
import { resolveDefaultAmi } from './default-ami';
import { afterRetries, ec2Calls } from './ec2-calls';
import { awsErrorCode, SPOT_FALLBACK_CODES } from './error-codes';
import { awsProviderError } from './errors';
import { vmNodeOf } from './instances';
import { runInstancesInput, type Market } from './run-instances';
import { clusterStateTags, LABEL_TAGS, literalFilterValue, TAG } from './tags';
import { specFromUserData } from './user-data';

export interface AwsBackendOptions {
  client: EC2Client;
  config: AwsCloudConfig;
  timing: Timing;
  retry: RetryPolicy;
  /** Launch workers on spot, falling back to on demand when spot has no capacity. */
  spotWorkers: boolean;
  /** What `launch` waits for before it returns: listed by DescribeInstances, or running. */
  waitUntil: 'visible' | 'running';
  /** Bound of that wait. */
  launchWaitMs: number;
}

const TERMINATE_BATCH = 500;

function filtersOf(query: ClusterQuery): Filter[] {
  if ('clusterId' in query)
    return [{ Name: `tag:${TAG.cluster}`, Values: [literalFilterValue(query.clusterId)] }];
  const labels = Object.entries(query.headsWithLabels).filter(([, v]) => v !== undefined) as [
    keyof ClusterLabels,
    string,
  ][];
  return [
    { Name: `tag:${TAG.role}`, Values: ['head'] },
    ...labels.map(([label, value]) => ({
      Name: `tag:${LABEL_TAGS[label]}`,
      Values: [literalFilterValue(value)],
    })),
  ];
}

export function createAwsBackend(o: AwsBackendOptions): VmBackend {
  const { client, config } = o;
  const region = config.region;
  const calls = ec2Calls(o.retry, o.timing.sleep);
  let ami: Promise<string> | null = null;
  const amiId = () => {
    ami ??= config.amiId ? Promise.resolve(config.amiId) : resolveDefaultAmi(client, calls, region);
    return ami.catch((error: unknown) => {
      ami = null; // not remembered: the next launch asks again
      throw error;
    });
  };

  async function describe(
    input: { Filters: Filter[] } | { InstanceIds: string[] },
  ): Promise<Instance[]> {
    const instances: Instance[] = [];
    let NextToken: string | undefined;
    do {
      const out = await calls.call({ action: 'DescribeInstances', region }, () =>
        client.send(new DescribeInstancesCommand({ ...input, NextToken })),
      );
      for (const r of out.Reservations ?? []) instances.push(...(r.Instances ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    return instances;
  }

  async function runOne(request: LaunchRequest): Promise<string> {
    const image = await amiId();
    const run = async (market: Market, clientToken: string) => {
      const input = runInstancesInput(request, { config, amiId: image, market, clientToken });
      const out = await calls.callRaw(() => client.send(new RunInstancesCommand(input)));
      const id = out.Instances?.[0]?.InstanceId;
      if (!id)
        throw new ProviderError(
          'internal',
          `aws: RunInstances for ${request.name} returned no instance`,
        );
      return id;
    };
    const ctx = (market: Market) => ({
      action: 'RunInstances',
      region,
      instanceType: request.identity.instanceType,
      subnetId: config.subnetId ?? undefined,
      market,
    });
    const spot = request.identity.role === 'WORKER' && o.spotWorkers;
    try {
      return await run(spot ? 'spot' : 'on-demand', request.token);
    } catch (error) {
      if (!spot || !SPOT_FALLBACK_CODES.has(awsErrorCode(error)))
        throw afterRetries(
          awsProviderError(error, ctx(spot ? 'spot' : 'on-demand')),
          o.retry.attempts,
        );
    }
    // No spot capacity: the same node on demand, under a token of its own.
    try {
      return await run('on-demand', `${request.token}-od`);
    } catch (error) {
      throw afterRetries(awsProviderError(error, ctx('on-demand')), o.retry.attempts);
    }
  }

  /** Bounded waiter: until DescribeInstances lists every launched id (and, if asked, they run). */
  function waitFor(ids: string[]): Promise<VmNode[]> {
    return pollUntil(
      `aws: instances ${ids.join(', ')} ${o.waitUntil === 'running' ? 'running' : 'listed'}`,
      async () => {
        let instances: Instance[];
        try {
          instances = await describe({ InstanceIds: ids });
        } catch (error) {
          if (error instanceof ProviderError && error.kind === 'not_found') return undefined; // not listed yet
          throw error;
        }
        const nodes = instances.map(vmNodeOf).filter((n): n is VmNode => n !== null);
        if (nodes.length < ids.length) return undefined;
        if (o.waitUntil === 'running' && nodes.some((n) => n.lifecycle === 'pending'))
          return undefined;
        return nodes;
      },
      { timeoutMs: o.launchWaitMs, intervalMs: 1_000, maxIntervalMs: 5_000 },
      o.timing,
    );
  }

  return {
    async list(query) {
      return (await describe({ Filters: filtersOf(query) }))
        .map(vmNodeOf)
        .filter((n): n is VmNode => n !== null);
    },

    async launch(requests) {
      const ids: string[] = [];
      for (const request of requests) ids.push(await runOne(request));
      return ids.length === 0 ? [] : waitFor([...new Set(ids)]);
    },

    async terminate(nodes) {
      const ids = nodes.map((n) => n.id);
      for (let i = 0; i < ids.length; i += TERMINATE_BATCH) {
        const InstanceIds = ids.slice(i, i + TERMINATE_BATCH);
        await calls.call({ action: 'TerminateInstances', region }, () =>
          client.send(new TerminateInstancesCommand({ InstanceIds })),
        );
      }
    },

    async markDraining(nodes, since) {
      const Resources = nodes.map((n) => n.id);
      await calls.call({ action: 'CreateTags', region }, () =>
        client.send(
          new CreateTagsCommand({
            Resources,
            Tags: [{ Key: TAG.drainingSince, Value: String(since) }],
          }),
        ),
      );
    },

    async writeClusterState(head, state) {
      await calls.call({ action: 'CreateTags', region }, () =>
        client.send(new CreateTagsCommand({ Resources: [head.id], Tags: clusterStateTags(state) })),
      );
    },

    async readSpec(node) {
      const out = await calls.call({ action: 'DescribeInstanceAttribute', region }, () =>
        client.send(
          new DescribeInstanceAttributeCommand({ InstanceId: node.id, Attribute: 'userData' }),
        ),
      );
      const document = specFromUserData(
        Buffer.from(out.UserData?.Value ?? '', 'base64').toString('utf8'),
      );
      if (document === null)
        throw new ProviderError(
          'internal',
          `aws: the user data of ${node.id} carries no launch spec`,
        );
      return document;
    },
  };
}
