import type { RoutingEntry } from '@switchyard/routing';
import type { ServiceConfig } from '@switchyard/service-config';

export type GatewaySettings = Pick<RoutingEntry, 'requestTimeoutS' | 'stickyVersions'>;

/**
 * The routing entry's per-service gateway settings, from the config of the newest version that
 * carries traffic: during a rollout that is the canary — the config being deployed — so a deploy
 * that turns `sticky_versions` on keeps callers on one version during that very split, and a new
 * `request_timeout_s` applies as soon as the new version takes traffic. After a rollback only the
 * primary is left, and its settings come back with it.
 *
 * A field the config leaves out stays out of the entry (the gateway's own default applies), so
 * entries of services that never set them are unchanged.
 */
export function gatewaySettingsOf(config: ServiceConfig | undefined): GatewaySettings {
  const settings: GatewaySettings = {};
  if (config?.request_timeout_s !== undefined) settings.requestTimeoutS = config.request_timeout_s;
  if (config?.sticky_versions !== undefined) settings.stickyVersions = config.sticky_versions;
  return settings;
}
