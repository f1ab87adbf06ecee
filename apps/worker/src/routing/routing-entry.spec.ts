import { createDb, type Db } from '@switchyard/db';
import { routingEntrySchema } from '@switchyard/routing';
import { validateServiceConfig, type ServiceConfig } from '@switchyard/service-config';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { aService } from '../../test/fixtures/service-rows';
import { routingEntryFor } from './routing-entry';

const NOW = Date.parse('2026-11-22T10:15:30.123Z');

/** A config as the API stores it: parsed, defaults filled in. */
function configWith(gateway: { request_timeout_s?: number; sticky_versions?: boolean }) {
  const result = validateServiceConfig({
    name: 'echo',
    applications: [{ name: 'app', route_prefix: '/', command: 'run', deployments: [{ name: 'D' }] }],
    ...gateway,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

describe('routingEntryFor: gateway settings from the service config', () => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  /** A service whose primary (and canary, when given) carry these configs and weights. */
  async function aRoutedService(
    primary: { config: ServiceConfig; weight: number },
    canary?: { config: ServiceConfig; weight: number },
  ) {
    const { service, versions } = await aService(db)
      .withVersions(canary ? 2 : 1)
      .create();
    const rows = [primary, canary].filter((v) => v !== undefined);
    for (const [i, v] of rows.entries()) {
      await db.serviceVersion.update({
        where: { id: versions[i]!.id },
        data: { config: v.config as object, currentWeight: v.weight },
      });
    }
    await db.service.update({
      where: { id: service.id },
      data: {
        primaryVersionId: versions[0]!.id,
        canaryVersionId: canary ? versions[1]!.id : null,
      },
    });
    const entry = await routingEntryFor(db, service.id, NOW);
    if (!entry) throw new Error('no entry');
    // What the publisher and every gateway parse it with.
    expect(routingEntrySchema.parse(entry)).toEqual(entry);
    return entry;
  }

  it('carries request_timeout_s and sticky_versions of a lone primary', async () => {
    const entry = await aRoutedService({
      config: configWith({ request_timeout_s: 12.5, sticky_versions: true }),
      weight: 100,
    });
    expect(entry.versions.map((v) => v.weight)).toEqual([100]);
    expect(entry.requestTimeoutS).toBe(12.5);
    expect(entry.stickyVersions).toBe(true);
  });

  it('leaves both out when the config does (the gateway defaults apply)', async () => {
    const entry = await aRoutedService({ config: configWith({}), weight: 100 });
    expect(entry).not.toHaveProperty('requestTimeoutS');
    expect(entry).not.toHaveProperty('stickyVersions');
  });

  it('follows the canary during a split: the config being deployed decides', async () => {
    const entry = await aRoutedService(
      { config: configWith({ request_timeout_s: 600 }), weight: 70 },
      { config: configWith({ request_timeout_s: 30, sticky_versions: true }), weight: 30 },
    );
    expect(entry.versions.map((v) => [v.role, v.weight])).toEqual([
      ['primary', 70],
      ['canary', 30],
    ]);
    expect(entry.requestTimeoutS).toBe(30);
    expect(entry.stickyVersions).toBe(true);
  });

  it('falls back to the primary when the canary carries no traffic (rolled back, or at 0 %)', async () => {
    const entry = await aRoutedService(
      { config: configWith({ request_timeout_s: 600, sticky_versions: false }), weight: 100 },
      { config: configWith({ request_timeout_s: 30, sticky_versions: true }), weight: 0 },
    );
    expect(entry.requestTimeoutS).toBe(600);
    expect(entry.stickyVersions).toBe(false);
  });
});
