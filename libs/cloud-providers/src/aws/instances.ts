/** EC2 `Instance` → VmNode: lifecycle, times and what the tags say. */
import type { Instance } from '@aws-sdk/client-ec2';
import type { VmLifecycle, VmNode } from '../vm/model';
import { parseClusterState, parseIdentity, tagMap, TAG } from './tags';

const LIFECYCLE: Record<string, VmLifecycle> = {
  pending: 'pending',
  running: 'running',
  'shutting-down': 'stopping',
  stopping: 'stopping',
  terminated: 'stopped',
  stopped: 'stopped',
};

/** `User initiated (2024-05-01 12:34:56 GMT)` → epoch ms: when EC2 began stopping the instance. */
export function transitionTime(reason: string | undefined): number | null {
  const m = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/.exec(reason ?? '');
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(ms) ? null : ms;
}

export function vmNodeOf(instance: Instance): VmNode | null {
  const tags = tagMap(instance.Tags);
  const identity = parseIdentity(tags, instance.InstanceType ?? '');
  if (!identity || !instance.InstanceId) return null;
  const lifecycle = LIFECYCLE[instance.State?.Name ?? 'pending'] ?? 'pending';
  const down = lifecycle === 'stopping' || lifecycle === 'stopped';
  const draining = Number(tags.get(TAG.drainingSince));
  return {
    ...identity,
    id: instance.InstanceId,
    lifecycle,
    privateIp: instance.PrivateIpAddress ?? null,
    launchedAt: instance.LaunchTime ? instance.LaunchTime.getTime() : null,
    stoppedAt: down ? transitionTime(instance.StateTransitionReason) : null,
    stateReason: instance.StateReason?.Message ?? null,
    drainingSince: Number.isFinite(draining) && draining > 0 ? draining : null,
    clusterState: identity.role === 'HEAD' ? parseClusterState(tags) : null,
  };
}
