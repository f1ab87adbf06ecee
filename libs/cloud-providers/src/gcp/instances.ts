/** Compute Engine `Instance` → VmNode (and the launch spec it carries in metadata). */
import type { protos } from '@google-cloud/compute';
import type { ClusterState, NodeIdentity, VmLifecycle, VmNode } from '../vm/model';
import { LABEL, METADATA } from './labels';

type Instance = protos.google.cloud.compute.v1.IInstance;

const LIFECYCLE: Record<string, VmLifecycle> = {
  PROVISIONING: 'pending',
  STAGING: 'pending',
  REPAIRING: 'pending',
  RUNNING: 'running',
  STOPPING: 'stopping',
  SUSPENDING: 'stopping',
  SUSPENDED: 'stopped',
  TERMINATED: 'stopped',
};

export function metadataItem(instance: Instance, key: string): string | null {
  return instance.metadata?.items?.find((i) => i.key === key)?.value ?? null;
}

const time = (text: string | null | undefined) => {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export interface ListedInstance {
  node: VmNode;
  specDocument: string | null;
}

export function listedInstanceOf(instance: Instance): ListedInstance | null {
  const identity = parseJson<NodeIdentity>(metadataItem(instance, METADATA.node));
  if (!identity || !instance.name) return null;
  const lifecycle = LIFECYCLE[instance.status ?? 'PROVISIONING'] ?? 'pending';
  const down = lifecycle === 'stopping' || lifecycle === 'stopped';
  const draining = Number(instance.labels?.[LABEL.drainingSince]);
  const node: VmNode = {
    ...identity,
    instanceType: (instance.machineType ?? identity.instanceType).split('/').pop()!,
    id: instance.name,
    lifecycle,
    privateIp: instance.networkInterfaces?.[0]?.networkIP ?? null,
    launchedAt: time(instance.lastStartTimestamp) ?? time(instance.creationTimestamp),
    stoppedAt: down ? time(instance.lastStopTimestamp) : null,
    stateReason: instance.statusMessage ?? null,
    drainingSince: Number.isFinite(draining) && draining > 0 ? draining : null,
    clusterState:
      identity.role === 'HEAD'
        ? parseJson<ClusterState>(metadataItem(instance, METADATA.state))
        : null,
  };
  return { node, specDocument: metadataItem(instance, METADATA.spec) };
}
