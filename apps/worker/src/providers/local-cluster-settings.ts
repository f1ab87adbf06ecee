/**
 * The service-config settings the port's ClusterSpec does not carry, read from the version a
 * local cluster serves: autoscaling policy (target_ongoing_requests, upscale/downscale delays),
 * graceful_shutdown_timeout_s, and each application's runtime_env.env_vars. After an in-place
 * update the cluster row points at the new version, so the new settings apply from then on.
 */
import type {
  ClusterLabels,
  DeploymentSettings,
  LocalClusterSettings,
  LocalClusterSettingsSource,
} from '@switchyard/cloud-providers';
import type { Db } from '@switchyard/db';
import { CONFIG_DEFAULTS, type ServiceConfig } from '@switchyard/service-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pure: a stored (validated) config → the local provider's settings. */
export function localSettingsOf(versionId: string, config: ServiceConfig): LocalClusterSettings {
  const applicationEnv: LocalClusterSettings['applicationEnv'] = {};
  const deployments: LocalClusterSettings['deployments'] = {};
  const defaults = CONFIG_DEFAULTS.autoscaling;
  for (const app of config.applications) {
    applicationEnv[app.name] = { ...(app.runtime_env?.env_vars ?? {}) };
    for (const d of app.deployments) {
      const a = d.autoscaling_config;
      const settings: DeploymentSettings = {
        gracefulShutdownTimeoutS:
          d.graceful_shutdown_timeout_s ?? CONFIG_DEFAULTS.graceful_shutdown_timeout_s,
      };
      if (a) {
        settings.autoscaling = {
          targetOngoingRequests: a.target_ongoing_requests ?? defaults.target_ongoing_requests,
          upscaleDelayS: a.upscale_delay_s ?? defaults.upscale_delay_s,
          downscaleDelayS: a.downscale_delay_s ?? defaults.downscale_delay_s,
        };
      }
      deployments[`${app.name}/${d.name}`] = settings;
    }
  }
  return { versionId, applicationEnv, deployments };
}

export class PrismaLocalClusterSettings implements LocalClusterSettingsSource {
  constructor(private readonly db: Db) {}

  async settingsFor(cluster: {
    providerClusterId: string;
    labels: ClusterLabels;
  }): Promise<LocalClusterSettings | null> {
    const row = await this.db.cluster.findFirst({
      where: { provider: 'LOCAL', providerClusterId: cluster.providerClusterId },
      select: { version: { select: { id: true, config: true } } },
    });
    let version = row?.version ?? null;
    if (!version && UUID.test(cluster.labels.versionId)) {
      version = await this.db.serviceVersion.findUnique({
        where: { id: cluster.labels.versionId },
        select: { id: true, config: true },
      });
    }
    return version ? localSettingsOf(version.id, version.config as unknown as ServiceConfig) : null;
  }
}
