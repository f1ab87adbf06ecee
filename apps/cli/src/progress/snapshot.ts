/**
 * One progress line from what the API reports: the rollout's state, the new version's traffic
 * against its target, and ready/desired replicas of both versions. Pure, so TTY and plain
 * rendering are tested without an API.
 */
import type { Rollout, RolloutEvent, Service, VersionSummary } from '../api/types';

export interface VersionProgress {
  role: 'primary' | 'canary';
  name: string;
  state: string;
  ready: number;
  desired: number;
}

export interface ProgressSnapshot {
  rolloutState: string;
  /** The version being rolled out. */
  toVersion: string;
  /** Traffic % the new version gets now. */
  weight: number;
  /** Traffic % the rollout is moving it to, when the API reports the version. */
  targetWeight: number | null;
  versions: VersionProgress[];
}

export function progressSnapshot(rollout: Rollout, service: Service | undefined): ProgressSnapshot {
  const versions: VersionProgress[] = [];
  if (service?.primary) versions.push(versionProgress('primary', service.primary));
  if (service?.canary) versions.push(versionProgress('canary', service.canary));
  const incoming = [service?.canary, service?.primary].find((v) => v?.name === rollout.to_version);
  return {
    rolloutState: rollout.state,
    toVersion: rollout.to_version,
    weight: rollout.canary_weight,
    targetWeight: incoming ? incoming.target_weight : null,
    versions,
  };
}

function versionProgress(role: VersionProgress['role'], version: VersionSummary): VersionProgress {
  return {
    role,
    name: version.name,
    state: version.state,
    ready: version.deployments.reduce((sum, d) => sum + d.ready_replicas, 0),
    desired: version.deployments.reduce((sum, d) => sum + d.desired_replicas, 0),
  };
}

/** `SHIFTING  v2 traffic 25% (target 50%)  primary v1 2/2 ready  canary v2 2/2 ready` */
export function renderProgress(snapshot: ProgressSnapshot): string {
  const target = snapshot.targetWeight === null ? '' : ` (target ${snapshot.targetWeight}%)`;
  const parts = [
    snapshot.rolloutState,
    `${snapshot.toVersion} traffic ${snapshot.weight}%${target}`,
  ];
  for (const v of snapshot.versions)
    parts.push(`${v.role} ${v.name} ${v.ready}/${v.desired} ready`);
  return parts.join('  ');
}

/** `#3 WAITING_HEALTHY → SHIFTING: canary healthy` */
export function renderEvent(event: RolloutEvent): string {
  const transition =
    event.from_state || event.to_state
      ? ` ${event.from_state ?? '-'} → ${event.to_state ?? '-'}`
      : '';
  return `#${event.seq} ${event.type}${transition}: ${event.reason}`;
}
