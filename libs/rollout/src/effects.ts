/**
 * The few things a rollout does to the world, each recorded in the state so that it is asked
 * for exactly once: traffic weights, a version's capacity, cluster termination.
 */
import type { TrafficSplit, VersionRole } from './commands';
import { describeSplit, type Decision } from './decision';
import { jsonEqual } from './json';
import { finalTargets, floorOf, targetsAt } from './replicas';

/** Set weights if they differ from the current ones (`always`: re-assert them regardless). */
export function applyTraffic(d: Decision, split: TrafficSplit, why: string, always = false): void {
  const s = d.state;
  const same = s.traffic.canary === split.canary && s.traffic.primary === split.primary;
  if (same && !always) return;
  d.emit(
    {
      kind: 'setWeights',
      primaryVersionId: d.hasPrimary() ? d.spec('primary').versionId : null,
      canaryVersionId: d.spec('canary').versionId,
      weights: { ...split },
    },
    'weights',
  );
  d.event(
    'TRAFFIC_SHIFTED',
    `traffic ${describeSplit(s.traffic)} → ${describeSplit(split)}: ${why}`,
  );
  s.traffic = { ...split };
}

/** Scale a version to `percent` of its capacity (targets per `targetsAt`), if it changed. */
export function applyCapacity(d: Decision, role: VersionRole, percent: number, why: string): void {
  const s = d.state;
  const before = s.capacity[role];
  if (before === percent) return;
  const targets = targetsAt(d.spec(role), percent);
  d.emit(
    { kind: 'setCapacity', version: d.version(role), capacityPercent: percent, targets },
    `capacity/${role}`,
  );
  const replicas = targets.reduce((sum, t) => sum + floorOf(t.target), 0);
  d.event(
    'CAPACITY_CHANGED',
    `${role} capacity ${before} % → ${percent} % (${replicas} replicas): ${why}`,
  );
  s.capacity[role] = percent;
}

/** After success: give the new primary its configured autoscaling bounds back (no-op for static). */
export function restoreConfiguredBounds(d: Decision): void {
  const during = targetsAt(d.spec('canary'), 100);
  const configured = finalTargets(d.spec('canary'));
  if (jsonEqual(during, configured)) return;
  d.emit(
    {
      kind: 'setCapacity',
      version: d.version('canary'),
      capacityPercent: 100,
      targets: configured,
    },
    'capacity/canary/final',
  );
  d.event('CAPACITY_CHANGED', 'rollout over: configured autoscaling bounds restored');
}

export function terminateCanary(d: Decision, reason: string): void {
  const s = d.state;
  s.capacity.canary = 0;
  if (!s.clusters.canaryProvisionRequested || s.clusters.canaryTerminated) return;
  d.emit({ kind: 'terminateCluster', version: d.version('canary'), reason }, 'terminate/canary');
  s.clusters.canaryTerminated = true;
}

export function terminatePrimary(d: Decision, reason: string): void {
  const s = d.state;
  if (!d.hasPrimary() || s.clusters.primaryTerminated) return;
  s.capacity.primary = 0;
  d.emit({ kind: 'terminateCluster', version: d.version('primary'), reason }, 'terminate/primary');
  s.clusters.primaryTerminated = true;
}
