/**
 * The tags of a Switchyard instance: what the user sees in the EC2 console and cost reports
 * (organization, project, service, version, cluster…), what the adapter filters on, and — on
 * the head node — the cluster's desired state (`switchyard:target:<app>/<dep>`, …).
 */
import type { Tag } from '@aws-sdk/client-ec2';
import type { ClusterLabels } from '../port';
import type { ClusterState, NodeIdentity } from '../vm/model';
import { formatTarget, parseTarget } from '../vm/replica-targets';

export const TAG = {
  cluster: 'switchyard:cluster',
  clusterKey: 'switchyard:cluster-key',
  role: 'switchyard:role',
  group: 'switchyard:group',
  gpuType: 'switchyard:gpu-type',
  gpuCount: 'switchyard:gpu-count',
  application: 'switchyard:application',
  deployment: 'switchyard:deployment',
  replaces: 'switchyard:replaces',
  launchKey: 'switchyard:launch-key',
  slot: 'switchyard:slot',
  spec: 'switchyard:spec',
  clusterSpec: 'switchyard:cluster-spec',
  market: 'switchyard:market',
  drainingSince: 'switchyard:draining-since',
  appliedKeys: 'switchyard:applied-keys',
  port: 'switchyard:port',
  failure: 'switchyard:failure',
  terminating: 'switchyard:terminating',
  targetPrefix: 'switchyard:target:',
  healthPrefix: 'switchyard:health:',
} as const;

/** One tag per label; the first five are the organization/project/service/version/cluster the issue asks for. */
export const LABEL_TAGS: Readonly<Record<keyof ClusterLabels, string>> = {
  orgId: 'switchyard:organization',
  projectId: 'switchyard:project',
  serviceId: 'switchyard:service',
  versionId: 'switchyard:version',
  serviceName: 'switchyard:service-name',
  versionName: 'switchyard:version-name',
  rolloutId: 'switchyard:rollout',
};

/** EC2 allows 50 tags per resource; refuse a cluster whose head would need more. */
export const MAX_TAGS = 50;
/** Tags a head may get after launch: `switchyard:failure`, `switchyard:terminating`. */
export const LATER_HEAD_TAGS = 2;

export function identityTags(
  identity: NodeIdentity,
  name: string,
  market: 'spot' | 'on-demand',
): Tag[] {
  const tags: Record<string, string> = {
    Name: name,
    [TAG.cluster]: identity.clusterId,
    [TAG.clusterKey]: identity.clusterKey,
    ...Object.fromEntries(
      Object.entries(LABEL_TAGS).map(([label, key]) => [
        key,
        identity.labels[label as keyof ClusterLabels],
      ]),
    ),
    [TAG.role]: identity.role === 'HEAD' ? 'head' : 'worker',
    [TAG.group]: identity.groupName,
    [TAG.launchKey]: identity.launchKey,
    [TAG.slot]: String(identity.slot),
    [TAG.spec]: identity.specHash,
    [TAG.market]: market,
  };
  if (identity.gpuType !== null)
    Object.assign(tags, {
      [TAG.gpuType]: identity.gpuType,
      [TAG.gpuCount]: String(identity.gpuCount),
    });
  if (identity.replica)
    Object.assign(tags, {
      [TAG.application]: identity.replica.application,
      [TAG.deployment]: identity.replica.deployment,
    });
  if (identity.replaces !== null) tags[TAG.replaces] = identity.replaces;
  return toTags(tags);
}

export function clusterStateTags(state: ClusterState): Tag[] {
  const tags: Record<string, string> = {
    [TAG.appliedKeys]: state.appliedKeys.join(' '),
    [TAG.clusterSpec]: state.specHash,
    [TAG.port]: String(state.port),
  };
  for (const [key, target] of Object.entries(state.targets))
    tags[`${TAG.targetPrefix}${key}`] = formatTarget(target);
  for (const [app, h] of Object.entries(state.health))
    tags[`${TAG.healthPrefix}${app}`] = `${h.timeoutS}:${h.path}`;
  if (state.failure !== null) tags[TAG.failure] = state.failure.slice(0, 256);
  if (state.terminating) tags[TAG.terminating] = 'true';
  return toTags(tags);
}

const toTags = (record: Record<string, string>): Tag[] =>
  Object.entries(record).map(([Key, Value]) => ({ Key, Value }));

export function tagMap(tags: Tag[] | undefined): Map<string, string> {
  return new Map(
    (tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']),
  );
}

/** The identity written at launch, or null for an instance that is not a Switchyard node. */
export function parseIdentity(
  tags: Map<string, string>,
  instanceType: string,
): NodeIdentity | null {
  const clusterId = tags.get(TAG.cluster);
  const role = tags.get(TAG.role);
  if (!clusterId || (role !== 'head' && role !== 'worker')) return null;
  const labels = Object.fromEntries(
    Object.entries(LABEL_TAGS).map(([label, key]) => [label, tags.get(key) ?? '']),
  ) as unknown as ClusterLabels;
  const application = tags.get(TAG.application);
  const deployment = tags.get(TAG.deployment);
  return {
    clusterId,
    clusterKey: tags.get(TAG.clusterKey) ?? '',
    labels,
    role: role === 'head' ? 'HEAD' : 'WORKER',
    groupName: tags.get(TAG.group) ?? '',
    instanceType,
    gpuType: tags.get(TAG.gpuType) ?? null,
    gpuCount: Number(tags.get(TAG.gpuCount) ?? 0) || 0,
    replica:
      application !== undefined && deployment !== undefined ? { application, deployment } : null,
    replaces: tags.get(TAG.replaces) ?? null,
    launchKey: tags.get(TAG.launchKey) ?? '',
    slot: Number(tags.get(TAG.slot) ?? -1),
    specHash: tags.get(TAG.spec) ?? '',
  };
}

/** The desired state on a head node's tags. */
export function parseClusterState(tags: Map<string, string>): ClusterState {
  const state: ClusterState = {
    targets: {},
    health: {},
    appliedKeys: (tags.get(TAG.appliedKeys) ?? '').split(' ').filter((k) => k !== ''),
    specHash: tags.get(TAG.clusterSpec) ?? '',
    port: Number(tags.get(TAG.port) ?? 0),
    failure: tags.get(TAG.failure) || null,
    terminating: tags.get(TAG.terminating) === 'true',
  };
  for (const [key, value] of [...tags.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (key.startsWith(TAG.targetPrefix)) {
      const target = parseTarget(value);
      if (target) state.targets[key.slice(TAG.targetPrefix.length)] = target;
    } else if (key.startsWith(TAG.healthPrefix)) {
      const colon = value.indexOf(':');
      state.health[key.slice(TAG.healthPrefix.length)] = {
        timeoutS: Number(value.slice(0, colon)) || 5,
        path: value.slice(colon + 1),
      };
    }
  }
  return state;
}

/** EC2 filter values treat `*` and `?` as wildcards: escape them to match literally. */
export const literalFilterValue = (value: string) => value.replace(/[\\*?]/g, (c) => `\\${c}`);
