/**
 * Is an `--in-place` update lightweight, heavyweight, or refused?
 *
 *   lightweight  only replica counts, autoscaling, max_ongoing_requests, health-check or logging
 *                settings change → applied without restarting replicas
 *   heavyweight  anything else changes (image-independent code/config: env_vars, import_path,
 *                command, route_prefix, an added/removed application or deployment, unknown
 *                fields…) → replicas replaced one at a time
 *   refused      cloud, image_uri or compute_config change, or the update is combined with
 *                canary_percent / max_surge_percent
 *
 * The config type is structural and small on purpose: any object with these snake_case fields
 * works (e.g. the service-config schema's output). Fields not declared here are compared too
 * at runtime, and a difference in them is heavyweight.
 */
import { jsonEqual } from './json';

export interface InPlaceDeploymentConfig {
  name: string;
  num_replicas?: number | 'auto';
  autoscaling_config?: unknown;
  max_ongoing_requests?: number;
  health_check_path?: string;
  health_check_period_s?: number;
  health_check_timeout_s?: number;
}

export interface InPlaceApplicationConfig {
  name: string;
  route_prefix?: string;
  import_path?: string;
  command?: string;
  deployments?: InPlaceDeploymentConfig[];
}

export interface InPlaceServiceConfig {
  cloud?: string;
  image_uri?: string;
  compute_config?: unknown;
  env_vars?: Record<string, string>;
  applications: InPlaceApplicationConfig[];
}

export interface InPlaceOptions {
  canaryPercent?: number;
  maxSurgePercent?: number;
}

export type InPlaceRefusalCode =
  'IN_PLACE_IMMUTABLE_FIELD_CHANGED' | 'IN_PLACE_WITH_CANARY_PERCENT' | 'IN_PLACE_WITH_MAX_SURGE';

export interface InPlaceRefusal {
  code: InPlaceRefusalCode;
  field: string;
  message: string;
}

export type InPlaceClassification =
  | { ok: true; mode: 'light' | 'heavy'; lightChanges: string[]; heavyChanges: string[] }
  | { ok: false; refusals: InPlaceRefusal[] };

/** For callers that prefer throwing: `throw new InPlaceRefusedError(result.refusals)`. */
export class InPlaceRefusedError extends Error {
  constructor(readonly refusals: InPlaceRefusal[]) {
    super(`in-place update refused: ${refusals.map((r) => r.message).join('; ')}`);
    this.name = 'InPlaceRefusedError';
  }
}

const IMMUTABLE_TOP_LEVEL = ['cloud', 'image_uri', 'compute_config'] as const;
/** Top-level fields that never touch replicas (naming, rollout options, gateway auth, logs). */
const NO_RESTART_TOP_LEVEL = new Set([
  'name',
  'version_name',
  'rollout',
  'query_auth_token_enabled',
  'logging_config',
  // Gateway settings: the routing table carries them, the replicas never see them.
  'request_timeout_s',
  'sticky_versions',
]);
const LIGHT_DEPLOYMENT_FIELDS = new Set([
  'num_replicas',
  'autoscaling_config',
  'max_ongoing_requests',
  'logging_config',
]);

function isLightDeploymentField(field: string): boolean {
  return LIGHT_DEPLOYMENT_FIELDS.has(field) || field.startsWith('health_check');
}

export function classifyInPlaceChange(
  oldConfig: InPlaceServiceConfig,
  newConfig: InPlaceServiceConfig,
  options: InPlaceOptions = {},
): InPlaceClassification {
  const refusals: InPlaceRefusal[] = [];
  for (const field of IMMUTABLE_TOP_LEVEL) {
    if (!jsonEqual(oldConfig[field], newConfig[field])) {
      refusals.push({
        code: 'IN_PLACE_IMMUTABLE_FIELD_CHANGED',
        field,
        message: `${field} cannot change in an in-place update; deploy without --in-place to roll out a new cluster`,
      });
    }
  }
  if (options.canaryPercent !== undefined) {
    refusals.push({
      code: 'IN_PLACE_WITH_CANARY_PERCENT',
      field: 'canary_percent',
      message: 'canary_percent cannot be combined with --in-place',
    });
  }
  if (options.maxSurgePercent !== undefined) {
    refusals.push({
      code: 'IN_PLACE_WITH_MAX_SURGE',
      field: 'max_surge_percent',
      message: 'max_surge_percent cannot be combined with --in-place',
    });
  }
  if (refusals.length > 0) return { ok: false, refusals };

  const light: string[] = [];
  const heavy: string[] = [];
  const skip = new Set<string>([...IMMUTABLE_TOP_LEVEL, 'applications']);
  for (const field of changedFields(oldConfig, newConfig, skip)) {
    (NO_RESTART_TOP_LEVEL.has(field) ? light : heavy).push(field);
  }
  compareNamed(
    oldConfig.applications,
    newConfig.applications,
    'applications',
    heavy,
    (before, after, path) => {
      for (const field of changedFields(before, after, new Set(['name', 'deployments']))) {
        (field === 'logging_config' ? light : heavy).push(`${path}.${field}`);
      }
      compareNamed(
        before.deployments ?? [],
        after.deployments ?? [],
        `${path}.deployments`,
        heavy,
        (d0, d1, dPath) => {
          for (const field of changedFields(d0, d1, new Set(['name']))) {
            (isLightDeploymentField(field) ? light : heavy).push(`${dPath}.${field}`);
          }
        },
      );
    },
  );
  return {
    ok: true,
    mode: heavy.length > 0 ? 'heavy' : 'light',
    lightChanges: light,
    heavyChanges: heavy,
  };
}

/** Keys (other than `skip`) whose values differ between two objects. */
function changedFields(before: object, after: object, skip: Set<string>): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.has(k));
  return keys.filter((k) => !jsonEqual(a[k], b[k]));
}

/** Matches items by `name`; an added or removed item is a heavyweight change. */
function compareNamed<T extends { name: string }>(
  before: T[],
  after: T[],
  path: string,
  heavy: string[],
  compare: (before: T, after: T, path: string) => void,
): void {
  for (const item of before) {
    const match = after.find((candidate) => candidate.name === item.name);
    if (match) compare(item, match, `${path}[${item.name}]`);
    else heavy.push(`${path}[${item.name}] removed`);
  }
  for (const item of after) {
    if (!before.some((candidate) => candidate.name === item.name))
      heavy.push(`${path}[${item.name}] added`);
  }
}
