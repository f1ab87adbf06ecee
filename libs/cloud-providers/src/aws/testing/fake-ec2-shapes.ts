/** The fake EC2's wire shapes: AWS errors, filter-value matching, and the `Instance` it returns. */
import {
  EC2ServiceException,
  type Instance,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';

export type FakeInstanceState = 'pending' | 'running' | 'shutting-down' | 'terminated';

export interface FakeInstance {
  id: string;
  input: RunInstancesCommandInput;
  tags: Map<string, string>;
  privateIp: string;
  launchedAt: number;
  terminatedAt: number | null;
  market: 'spot' | 'on-demand';
}

export function awsError(
  code: string,
  message = `${code} (fake EC2)`,
  httpStatusCode = 400,
): EC2ServiceException {
  return new EC2ServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message,
  });
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An EC2 filter value: `*` and `?` are wildcards, a backslash makes the next character literal. */
export function ec2Pattern(value: string): RegExp {
  let re = '';
  for (let k = 0; k < value.length; k++) {
    const c = value[k]!;
    if (c === '\\' && k + 1 < value.length) re += escapeRe(value[++k]!);
    else re += c === '*' ? '.*' : c === '?' ? '.' : escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

const gmt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export function ec2InstanceOf(i: FakeInstance, state: FakeInstanceState): Instance {
  const reason = i.tags.get('fake:reason');
  return {
    InstanceId: i.id,
    InstanceType: i.input.InstanceType,
    ImageId: i.input.ImageId,
    State: {
      Name: state,
      Code: { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 }[state],
    },
    PrivateIpAddress: i.privateIp,
    LaunchTime: new Date(i.launchedAt),
    SubnetId: i.input.SubnetId,
    ClientToken: i.input.ClientToken,
    InstanceLifecycle: i.market === 'spot' ? 'spot' : undefined,
    StateTransitionReason:
      i.terminatedAt !== null ? `User initiated (${gmt(i.terminatedAt)} GMT)` : '',
    StateReason:
      i.terminatedAt !== null
        ? {
            Code: 'Client.UserInitiatedShutdown',
            Message: reason ?? 'Client.UserInitiatedShutdown: User initiated shutdown',
          }
        : undefined,
    Tags: [...i.tags.entries()]
      .filter(([k]) => !k.startsWith('fake:'))
      .map(([Key, Value]) => ({ Key, Value })),
  };
}
