/**
 * What a Switchyard instance carries in GCP. Labels (what the console, billing export and the
 * adapter's `instances.list` filters see) only allow lower-case letters, digits, `_` and `-` up
 * to 63 characters, so values are sanitised there and kept exactly in metadata:
 *
 * - labels: `switchyard-cluster`, `switchyard-role`, `switchyard-organization`,
 *   `switchyard-project`, `switchyard-service`, `switchyard-version`, `switchyard-rollout`,
 *   `switchyard-group`, and `switchyard-draining-since` once a scale-down picks the node;
 * - metadata: `startup-script`, `switchyard-node` (the node's identity, JSON),
 *   `switchyard-spec` (the launch spec), and on the head `switchyard-state` (the cluster state).
 */
import type { ClusterLabels } from '../port';
import type { NodeIdentity } from '../vm/model';

export const LABEL = {
  cluster: 'switchyard-cluster',
  role: 'switchyard-role',
  group: 'switchyard-group',
  drainingSince: 'switchyard-draining-since',
} as const;

export const CLUSTER_LABELS: Readonly<Record<keyof ClusterLabels, string>> = {
  orgId: 'switchyard-organization',
  projectId: 'switchyard-project',
  serviceId: 'switchyard-service',
  versionId: 'switchyard-version',
  serviceName: 'switchyard-service-name',
  versionName: 'switchyard-version-name',
  rolloutId: 'switchyard-rollout',
};

export const METADATA = {
  startupScript: 'startup-script',
  node: 'switchyard-node',
  spec: 'switchyard-spec',
  state: 'switchyard-state',
} as const;

/** A label value GCP accepts: lower case, `[a-z0-9_-]`, at most 63 characters. */
export const labelValue = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, 63);

export function identityLabels(identity: NodeIdentity): Record<string, string> {
  return {
    [LABEL.cluster]: identity.clusterId,
    [LABEL.role]: identity.role === 'HEAD' ? 'head' : 'worker',
    [LABEL.group]: labelValue(identity.groupName),
    ...Object.fromEntries(
      Object.entries(CLUSTER_LABELS).map(([label, key]) => [
        key,
        labelValue(identity.labels[label as keyof ClusterLabels]),
      ]),
    ),
  };
}

/** `instances.list` filter: every label equal (GCP's filter syntax, AND of parenthesised terms). */
export function labelFilter(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `(labels.${key} = "${value}")`)
    .join(' AND ');
}
