/** Human-readable renderings of services and rollouts (the --json forms print the API's answer as is). */
import type { RolloutDetail, Service, VersionSummary } from '../api/types';
import { renderEvent } from '../progress/snapshot';
import { fields, shortTime, table } from './table';

export function renderServiceStatus(service: Service): string {
  const header = fields([
    ['service', `${service.name} (project ${service.project})`],
    ['state', service.state],
    ['url', service.query_url],
    ['path url', service.query_path_url],
    [
      'query auth',
      service.query_auth_enabled
        ? service.query_token_rotating
          ? 'on (token rotation in progress)'
          : 'on'
        : 'off',
    ],
    ['rollout', service.active_rollout_id ?? 'none active'],
    ['updated', shortTime(service.updated_at)],
  ]);
  const versions = [
    ['primary', service.primary],
    ['canary', service.canary],
  ].filter((entry): entry is [string, VersionSummary] => entry[1] !== null);
  if (versions.length === 0) return header;
  const rows: string[][] = [];
  for (const [role, v] of versions) {
    rows.push([
      v.name,
      role,
      v.state,
      `${v.current_weight}%`,
      `${v.target_weight}%`,
      healthText(v.healthy),
      replicaText(v),
    ]);
    for (const d of v.deployments) {
      rows.push([
        `  ${d.application}/${d.deployment}`,
        '',
        '',
        '',
        '',
        '',
        `${d.ready_replicas}/${d.desired_replicas}`,
      ]);
    }
  }
  return (
    header +
    '\n' +
    table(['VERSION', 'ROLE', 'STATE', 'TRAFFIC', 'TARGET', 'HEALTHY', 'READY'], rows)
  );
}

export function renderServiceList(services: readonly Service[]): string {
  return table(
    ['NAME', 'STATE', 'PRIMARY', 'CANARY', 'CANARY TRAFFIC', 'UPDATED'],
    services.map((s) => [
      s.name,
      s.state,
      s.primary?.name ?? '-',
      s.canary?.name ?? '-',
      s.canary ? `${s.canary.current_weight}%` : '-',
      shortTime(s.updated_at),
    ]),
  );
}

export function renderRolloutTimeline(rollout: RolloutDetail): string {
  const from = rollout.from_version ? `${rollout.from_version} → ` : '';
  const header = fields([
    ['rollout', `${rollout.id} (${rollout.strategy})`],
    ['service', rollout.service],
    ['versions', `${from}${rollout.to_version}`],
    ['state', rollout.reason ? `${rollout.state}: ${rollout.reason}` : rollout.state],
    ['traffic', `${rollout.canary_weight}% on ${rollout.to_version}`],
    ['started', shortTime(rollout.created_at)],
    ['finished', shortTime(rollout.finished_at)],
  ]);
  const rows = rollout.events.map((e) => [shortTime(e.created_at), renderEvent(e)]);
  return header + '\n' + table(['TIME', 'EVENT'], rows);
}

function healthText(healthy: boolean | null): string {
  return healthy === null ? '-' : healthy ? 'yes' : 'no';
}

function replicaText(v: VersionSummary): string {
  const ready = v.deployments.reduce((n, d) => n + d.ready_replicas, 0);
  const desired = v.deployments.reduce((n, d) => n + d.desired_replicas, 0);
  return `${ready}/${desired}`;
}
