import type { Db } from '@switchyard/db';
import { routingEntrySchema } from '@switchyard/routing';
import { validateServiceConfig, type ServiceConfig } from '@switchyard/service-config';
import { aService } from '../../test/fixtures/service-rows';
import { loadRoutingSources, routingEntryFor } from './routing-entry';
import { useTestDb } from '../../test/fixtures/test-db';

const NOW = Date.parse('2026-11-22T10:15:30.123Z');

/** A config as the API stores it: parsed, defaults filled in. */
function configWith(gateway: { request_timeout_s?: number; sticky_versions?: boolean }) {
  const result = validateServiceConfig({
    name: 'echo',
    applications: [
      { name: 'app', route_prefix: '/', command: 'run', deployments: [{ name: 'D' }] },
    ],
    ...gateway,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

describe('routingEntryFor: gateway settings from the service config', () => {
  let db: Db;

  useTestDb((client) => (db = client));

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

  it('builds the whole entry from the rows: names, slug, token hashes, revision, ready replicas', async () => {
    const { service, versions } = await aService(db).create();
    await db.serviceVersion.update({
      where: { id: versions[0]!.id },
      data: {
        config: configWith({}) as object,
        currentWeight: 100,
        observed: {
          replicas: [
            {
              application: 'app',
              deployment: 'D',
              replicaId: 'r1',
              endpoint: 'http://127.0.0.1:9001',
              ready: true,
              draining: false,
            },
            {
              application: 'app',
              deployment: 'D',
              replicaId: 'r2',
              endpoint: 'http://127.0.0.1:9002',
              ready: false,
              draining: true,
            },
          ],
        },
      },
    });
    await db.service.update({
      where: { id: service.id },
      data: {
        primaryVersionId: versions[0]!.id,
        queryTokenHash: 'hash-new',
        previousQueryTokenHash: 'hash-old',
        routingRevision: 41,
        state: 'RUNNING',
      },
    });
    const entry = await routingEntryFor(db, service.id, NOW);
    expect(entry).toEqual({
      serviceId: service.id,
      orgId: service.orgId,
      project: 'shop',
      service: service.name,
      endpointSlug: `${service.name}--shop`,
      auth: { enabled: true, tokenHashes: ['hash-new', 'hash-old'] },
      revision: 41,
      updatedAt: NOW,
      versions: [
        {
          versionId: versions[0]!.id,
          name: 'v1',
          role: 'primary',
          weight: 100,
          deployments: [
            {
              application: 'app',
              deployment: 'D',
              routePrefix: '/',
              maxOngoingRequests: 5,
              replicas: [
                {
                  replicaId: 'r1',
                  endpoint: 'http://127.0.0.1:9001',
                  ready: true,
                  draining: false,
                },
                {
                  replicaId: 'r2',
                  endpoint: 'http://127.0.0.1:9002',
                  ready: false,
                  draining: true,
                },
              ],
            },
          ],
        },
      ],
    });

    await db.service.update({ where: { id: service.id }, data: { state: 'TERMINATED' } });
    expect(await routingEntryFor(db, service.id, NOW)).toBeNull();
  });

  it('reads many services in one statement; an unknown id is simply absent', async () => {
    const a = (await aService(db).create()).service;
    const b = (await aService(db).create()).service;
    const unknown = '00000000-0000-7000-8000-000000000000';
    const sources = await loadRoutingSources(db, [a.id, b.id, unknown]);
    expect([...sources.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(sources.get(a.id)).toMatchObject({
      service: { project: 'shop', routingRevision: 0 },
      primary: null,
      canary: null,
    });
  });
});
