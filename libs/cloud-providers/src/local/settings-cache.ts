/** Cluster settings from the LocalClusterSettingsSource, cached for a few seconds per cluster. */
import type {
  LocalClusterSettings,
  LocalClusterSettingsSource,
  LocalProviderLogger,
} from './ports';
import type { LocalClusterRecord } from './records';

export class SettingsCache {
  private readonly cache = new Map<string, { at: number; value: LocalClusterSettings | null }>();

  constructor(
    private readonly source: LocalClusterSettingsSource | undefined,
    private readonly clock: () => number,
    private readonly ttlMs: number,
    private readonly logger: LocalProviderLogger,
  ) {}

  async get(cluster: LocalClusterRecord): Promise<LocalClusterSettings | null> {
    if (!this.source) return null;
    const hit = this.cache.get(cluster.providerClusterId);
    const now = this.clock();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    try {
      const value = await this.source.settingsFor({
        providerClusterId: cluster.providerClusterId,
        labels: cluster.labels,
      });
      this.cache.set(cluster.providerClusterId, { at: now, value });
      return value;
    } catch (error) {
      // Keep what we had: settings change rarely, and defaults would be a worse guess.
      this.logger.warn(
        { err: error, providerClusterId: cluster.providerClusterId },
        'local: could not read cluster settings',
      );
      return hit?.value ?? null;
    }
  }

  forget(providerClusterId: string): void {
    this.cache.delete(providerClusterId);
  }
}
