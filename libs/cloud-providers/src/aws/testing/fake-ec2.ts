/**
 * A stateful in-memory EC2 behind aws-sdk-client-mock: the SDK boundary is the only thing faked.
 * It keeps instances with EC2's lifecycle on the test's clock (pending → running after `bootMs`;
 * shutting-down → terminated after `shutdownMs`), honours ClientToken idempotency (a repeated
 * token returns the original instance, even terminated, and refuses other parameters), filters
 * DescribeInstances by tags (with EC2's `*`/`?` wildcard escaping), can hide new instances from
 * DescribeInstances for a while (eventual consistency), answers DryRun calls, and fails the next
 * calls with injected AWS error codes. Used by the AWS tests and the conformance suite.
 */
import {
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Filter,
  type Instance,
  type RunInstancesCommandInput,
  type Tag,
} from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, ec2InstanceOf, ec2Pattern, type FakeInstance } from './fake-ec2-shapes';

export { awsError, type FakeInstance } from './fake-ec2-shapes';

export interface FakeEc2Options {
  clock: () => number;
  /** pending → running. Default 0. */
  bootMs?: number;
  /** shutting-down → terminated. Default 0. */
  shutdownMs?: number;
  /** A new instance is missing from DescribeInstances for this long. Default 0. */
  listLagMs?: number;
  /** Reservations per DescribeInstances page. Default 1000. */
  pageSize?: number;
}

type Command =
  | 'RunInstances'
  | 'DescribeInstances'
  | 'TerminateInstances'
  | 'CreateTags'
  | 'DescribeInstanceAttribute'
  | 'DescribeImages';

/** What a fault's `when` sees: the command's input (RunInstances fields typed, the rest unknown). */
export type FaultInput = Partial<RunInstancesCommandInput> & Record<string, unknown>;

interface Fault {
  command: Command;
  code: string;
  message: string;
  times: number;
  when: (input: FaultInput) => boolean;
}

export class FakeEc2 {
  readonly mock: AwsClientStub<EC2Client>;
  readonly instances = new Map<string, FakeInstance>();
  private readonly tokens = new Map<string, string>();
  private faults: Fault[] = [];
  private nextNo = 1;

  constructor(private readonly o: FakeEc2Options) {
    this.mock = mockClient(EC2Client);
    this.install();
  }

  /** The next `times` calls of `command` (matching `when`) fail with `code`. */
  failNext(
    command: Command,
    code: string,
    opts: { times?: number; message?: string; when?: (input: FaultInput) => boolean } = {},
  ): void {
    this.faults.push({
      command,
      code,
      message: opts.message ?? `${code} (fake EC2)`,
      times: opts.times ?? 1,
      when: opts.when ?? (() => true),
    });
  }

  /** EC2 stops an instance on its own (spot interruption, hardware). */
  interrupt(
    id: string,
    reason = 'Server.SpotInstanceTermination: Spot instance termination',
  ): void {
    const i = this.instances.get(id)!;
    i.terminatedAt = this.o.clock();
    i.tags.set('fake:reason', reason);
  }

  live(): FakeInstance[] {
    return [...this.instances.values()].filter(
      (i) => this.stateOf(i) === 'pending' || this.stateOf(i) === 'running',
    );
  }

  restore(): void {
    this.mock.restore();
  }

  stateOf(i: FakeInstance): 'pending' | 'running' | 'shutting-down' | 'terminated' {
    const now = this.o.clock();
    if (i.terminatedAt !== null)
      return now >= i.terminatedAt + (this.o.shutdownMs ?? 0) ? 'terminated' : 'shutting-down';
    return now >= i.launchedAt + (this.o.bootMs ?? 0) ? 'running' : 'pending';
  }

  /** Readiness as the replica's health endpoint would answer it: its instance runs. */
  readonly probe = async (url: string): Promise<boolean> => {
    const host = new URL(url).hostname;
    const i = [...this.instances.values()].find((x) => x.privateIp === host);
    return i !== undefined && this.stateOf(i) === 'running';
  };

  private fault(command: Command, input: FaultInput): void {
    const f = this.faults.find((x) => x.command === command && x.when(input));
    if (!f) return;
    if (--f.times <= 0) this.faults = this.faults.filter((x) => x !== f);
    throw awsError(f.code, f.message);
  }

  private install(): void {
    const handle =
      <I>(command: Command, fn: (input: I) => unknown) =>
      (input: I) => {
        this.fault(command, input as FaultInput);
        if ((input as { DryRun?: boolean }).DryRun)
          throw awsError(
            'DryRunOperation',
            'Request would have succeeded, but DryRun flag is set.',
            412,
          );
        return fn(input);
      };
    this.mock
      .on(RunInstancesCommand)
      .callsFake(handle('RunInstances', (input: RunInstancesCommandInput) => this.run(input)));
    this.mock
      .on(DescribeInstancesCommand)
      .callsFake(
        handle(
          'DescribeInstances',
          (input: { Filters?: Filter[]; InstanceIds?: string[]; NextToken?: string }) =>
            this.describe(input),
        ),
      );
    this.mock
      .on(TerminateInstancesCommand)
      .callsFake(
        handle('TerminateInstances', (input: { InstanceIds: string[] }) =>
          this.terminate(input.InstanceIds),
        ),
      );
    this.mock
      .on(CreateTagsCommand)
      .callsFake(
        handle('CreateTags', (input: { Resources: string[]; Tags: Tag[] }) =>
          this.createTags(input),
        ),
      );
    this.mock.on(DescribeInstanceAttributeCommand).callsFake(
      handle('DescribeInstanceAttribute', (input: { InstanceId: string }) => {
        const i = this.instances.get(input.InstanceId);
        if (!i)
          throw awsError(
            'InvalidInstanceID.NotFound',
            `The instance ID '${input.InstanceId}' does not exist`,
          );
        return { InstanceId: i.id, UserData: { Value: i.input.UserData } };
      }),
    );
    this.mock.on(DescribeImagesCommand).callsFake(
      handle('DescribeImages', () => ({
        Images: [
          {
            ImageId: 'ami-0older',
            CreationDate: '2025-01-01T00:00:00.000Z',
            Name: 'Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 22.04) 20250101',
          },
          {
            ImageId: 'ami-0newest',
            CreationDate: '2026-10-01T00:00:00.000Z',
            Name: 'Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 22.04) 20261001',
          },
        ],
      })),
    );
  }

  private run(input: RunInstancesCommandInput) {
    const token = input.ClientToken;
    if (token !== undefined && this.tokens.has(token)) {
      const same = this.instances.get(this.tokens.get(token)!)!;
      if (same.input.InstanceType !== input.InstanceType || same.input.ImageId !== input.ImageId) {
        throw awsError(
          'IdempotentParameterMismatch',
          'The client token you have provided is associated with a resource that is already deleted or has different parameters.',
        );
      }
      return { Instances: [this.toInstance(same)] };
    }
    const no = this.nextNo++;
    const tags = new Map<string, string>();
    for (const spec of input.TagSpecifications ?? [])
      if (spec.ResourceType === 'instance')
        for (const t of spec.Tags ?? []) tags.set(t.Key!, t.Value ?? '');
    const instance: FakeInstance = {
      id: `i-${no.toString(16).padStart(17, '0')}`,
      input: structuredClone(input),
      tags,
      privateIp: `10.0.${Math.floor(no / 250)}.${(no % 250) + 2}`,
      launchedAt: this.o.clock(),
      terminatedAt: null,
      market: input.InstanceMarketOptions?.MarketType === 'spot' ? 'spot' : 'on-demand',
    };
    this.instances.set(instance.id, instance);
    if (token !== undefined) this.tokens.set(token, instance.id);
    return { Instances: [this.toInstance(instance)] };
  }

  private visible(i: FakeInstance): boolean {
    return this.o.clock() >= i.launchedAt + (this.o.listLagMs ?? 0);
  }

  private describe(input: { Filters?: Filter[]; InstanceIds?: string[]; NextToken?: string }) {
    let found: FakeInstance[];
    if (input.InstanceIds?.length) {
      found = input.InstanceIds.map((id) => this.instances.get(id)).filter(
        (i): i is FakeInstance => i !== undefined && this.visible(i),
      );
      if (found.length < input.InstanceIds.length)
        throw awsError(
          'InvalidInstanceID.NotFound',
          `The instance IDs '${input.InstanceIds.join(', ')}' do not exist`,
        );
    } else {
      found = [...this.instances.values()].filter(
        (i) => this.visible(i) && (input.Filters ?? []).every((f) => this.matches(i, f)),
      );
    }
    const pageSize = this.o.pageSize ?? 1000;
    const start = Number(input.NextToken ?? 0);
    const page = found.slice(start, start + pageSize);
    const next = start + pageSize < found.length ? String(start + pageSize) : undefined;
    return {
      Reservations: page.map((i) => ({
        ReservationId: `r-${i.id.slice(2)}`,
        Instances: [this.toInstance(i)],
      })),
      NextToken: next,
    };
  }

  private matches(i: FakeInstance, f: Filter): boolean {
    const patterns = (f.Values ?? []).map(ec2Pattern);
    const test = (actual: string | undefined) =>
      actual !== undefined && patterns.some((re) => re.test(actual));
    if (f.Name?.startsWith('tag:')) return test(i.tags.get(f.Name.slice(4)));
    if (f.Name === 'instance-state-name') return test(this.stateOf(i));
    if (f.Name === 'tag-key') return [...i.tags.keys()].some((k) => test(k));
    throw awsError('InvalidParameterValue', `The filter '${f.Name}' is invalid`);
  }

  private terminate(ids: string[]) {
    const missing = ids.filter((id) => !this.instances.has(id));
    if (missing.length)
      throw awsError(
        'InvalidInstanceID.NotFound',
        `The instance IDs '${missing.join(', ')}' do not exist`,
      );
    return {
      TerminatingInstances: ids.map((id) => {
        const i = this.instances.get(id)!;
        const previous = this.stateOf(i);
        if (i.terminatedAt === null) i.terminatedAt = this.o.clock();
        return {
          InstanceId: id,
          PreviousState: { Name: previous },
          CurrentState: { Name: this.stateOf(i) },
        };
      }),
    };
  }

  private createTags(input: { Resources: string[]; Tags: Tag[] }) {
    for (const id of input.Resources) {
      const i = this.instances.get(id);
      if (!i)
        throw awsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
      for (const t of input.Tags) i.tags.set(t.Key!, t.Value ?? '');
    }
    return {};
  }

  private toInstance(i: FakeInstance): Instance {
    return ec2InstanceOf(i, this.stateOf(i));
  }
}
