import type { CloudProvider, CloudSpec } from '@switchyard/cloud-providers';
import type { Db } from '@switchyard/db';
import { DEVELOPMENT_MASTER_KEY, SecretBox, sealCredentials } from '@switchyard/platform';
import { CloudAdapterCache } from '../src/providers/cloud-adapter-cache';
import { aService } from './fixtures/service-rows';
import { useTestDb } from './fixtures/test-db';

describe('CloudAdapterCache: one adapter per AWS/GCP cloud record', () => {
  let db: Db;
  const box = SecretBox.fromString(DEVELOPMENT_MASTER_KEY);

  useTestDb((client) => (db = client));

  it('opens the record’s credentials, reuses the adapter while the record is unchanged, and rebuilds it after a change', async () => {
    const { org } = await aService(db).create();
    const credentials = {
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const cloud = await db.cloud.create({
      data: {
        orgId: org.id,
        name: 'aws',
        provider: 'AWS',
        region: 'us-east-1',
        settings: { subnet_id: 'subnet-1' },
        credentialsEncrypted: sealCredentials(box, org.id, 'aws', credentials),
      },
    });
    const built: CloudSpec[] = [];
    const clock = { now: 0 };
    const cache = new CloudAdapterCache(
      db,
      box,
      () => clock.now,
      1_000,
      (spec) => {
        built.push(spec);
        return { kind: 'aws' } as CloudProvider;
      },
    );

    const first = await cache.get(cloud.id);
    expect(built).toEqual([
      {
        provider: 'AWS',
        region: 'us-east-1',
        zone: null,
        settings: { subnet_id: 'subnet-1' },
        credentials,
      },
    ]);
    expect(await cache.get(cloud.id)).toBe(first);
    clock.now = 5_000; // re-checked: unchanged record → same adapter
    expect(await cache.get(cloud.id)).toBe(first);
    expect(built).toHaveLength(1);

    const rotated = { ...credentials, secret_access_key: 'another-secret-access-key-0123456789' };
    await db.cloud.update({
      where: { id: cloud.id },
      data: { credentialsEncrypted: sealCredentials(box, org.id, 'aws', rotated) },
    });
    expect(await cache.get(cloud.id)).toBe(first); // within the re-check bound
    clock.now = 10_000;
    expect(await cache.get(cloud.id)).not.toBe(first);
    expect(built[1]!.credentials).toEqual(rotated);
  });
});
