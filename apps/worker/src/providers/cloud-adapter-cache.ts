import {
  createCloudAdapter,
  type CloudProvider,
  type CloudSpec,
} from '@switchyard/cloud-providers';
import type { Db } from '@switchyard/db';
import { openCredentials, type SecretBox } from '@switchyard/platform';

interface Entry {
  adapter: CloudProvider;
  updatedAt: number;
  checkedAt: number;
}

/**
 * One adapter per AWS/GCP cloud record. The VM adapters are bound to a record — its decrypted
 * credentials, region and settings — because describe/scale/terminate carry only a handle.
 * An adapter is reused while its record is unchanged; the record's `updatedAt` is re-read at
 * most every `recheckMs`, so rotated credentials take effect within that bound without a
 * database read on every provider call.
 */
export class CloudAdapterCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly clock: () => number,
    private readonly recheckMs = 30_000,
    private readonly create: (cloud: CloudSpec) => CloudProvider = createCloudAdapter,
  ) {}

  async get(cloudId: string): Promise<CloudProvider> {
    const now = this.clock();
    const cached = this.entries.get(cloudId);
    if (cached && now - cached.checkedAt < this.recheckMs) return cached.adapter;
    const cloud = await this.db.cloud.findUniqueOrThrow({ where: { id: cloudId } });
    if (cached && cached.updatedAt === cloud.updatedAt.getTime()) {
      cached.checkedAt = now;
      return cached.adapter;
    }
    const spec: CloudSpec = {
      provider: cloud.provider,
      region: cloud.region,
      zone: cloud.zone,
      settings: cloud.settings as Record<string, unknown>,
      credentials: cloud.credentialsEncrypted
        ? openCredentials(this.box, cloud.orgId, cloud.name, cloud.credentialsEncrypted)
        : null,
    };
    const adapter = this.create(spec);
    this.entries.set(cloudId, { adapter, updatedAt: cloud.updatedAt.getTime(), checkedAt: now });
    return adapter;
  }
}
