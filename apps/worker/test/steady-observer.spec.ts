import {
  createSimProvider,
  InMemorySimStore,
  type CloudProvider,
} from '@switchyard/cloud-providers';
import type { Db } from '@switchyard/db';
import { createLogger } from '@switchyard/platform';
import { SteadyObserver } from '../src/clusters/steady-observer';
import { aCluster } from './fixtures/cluster-factory';
import { useTestDb } from './fixtures/test-db';

describe('steady observer: serving versions between rollouts (real Postgres, sim provider)', () => {
  let db: Db;
  const clock = { now: Date.UTC(2026, 10, 22, 10) };
  const sim = createSimProvider({ store: new InMemorySimStore(), clock: () => clock.now });
  let unhealthy = false;
  const provider: CloudProvider = {
    ...sim,
    kind: 'sim',
    describeCluster: async (handle) => {
      const status = await sim.describeCluster(handle);
      return unhealthy ? { ...status, healthy: false } : status;
    },
  };
  const observe = () =>
    new SteadyObserver(db, async () => provider, createLogger('test', 'silent')).run();

  useTestDb((client) => (db = client));

  async function aServingService(replicas: number) {
    const made = await aCluster(db, provider).withReplicas(replicas).create();
    const version = await db.serviceVersion.findFirstOrThrow({
      where: { id: made.cluster.serviceVersionId },
    });
    await db.serviceVersion.update({
      where: { id: version.id },
      data: { state: 'RUNNING', currentWeight: 100 },
    });
    await db.service.update({
      where: { id: version.serviceId },
      data: { state: 'RUNNING', primaryVersionId: version.id },
    });
    return { ...made, version, serviceId: version.serviceId };
  }

  it('writes replica changes with the next routing revision, once; health → UNHEALTHY and back', async () => {
    const s = await aServingService(2);
    const first = await observe();
    expect(first.changed).toContain(s.serviceId);
    const observed = (await db.serviceVersion.findUniqueOrThrow({ where: { id: s.version.id } }))
      .observed as { replicas: unknown[] };
    expect(observed.replicas).toHaveLength(2);
    const revision = (await db.service.findUniqueOrThrow({ where: { id: s.serviceId } }))
      .routingRevision;

    expect((await observe()).changed).not.toContain(s.serviceId); // nothing changed → nothing written
    expect(
      (await db.service.findUniqueOrThrow({ where: { id: s.serviceId } })).routingRevision,
    ).toBe(revision);

    // Autoscaling (or a restart) outside any rollout: a third replica appears.
    await provider.setCapacity(s.handle, s.target(3), 'scale-up');
    expect((await observe()).changed).toContain(s.serviceId);
    expect(
      (
        (await db.serviceVersion.findUniqueOrThrow({ where: { id: s.version.id } })).observed as {
          replicas: unknown[];
        }
      ).replicas,
    ).toHaveLength(3);

    unhealthy = true;
    await observe();
    expect((await db.service.findUniqueOrThrow({ where: { id: s.serviceId } })).state).toBe(
      'UNHEALTHY',
    );
    expect((await db.serviceVersion.findUniqueOrThrow({ where: { id: s.version.id } })).state).toBe(
      'UNHEALTHY',
    );
    unhealthy = false;
    await observe();
    expect((await db.service.findUniqueOrThrow({ where: { id: s.serviceId } })).state).toBe(
      'RUNNING',
    );
  });

  it('leaves a service with an active rollout to its ticks', async () => {
    const s = await aServingService(1);
    await db.rollout.create({
      data: {
        orgId: s.org.id,
        serviceId: s.serviceId,
        toVersionId: s.version.id,
        strategy: 'INITIAL',
        state: 'SHIFTING',
        deadline: new Date(clock.now + 60_000),
      },
    });
    await db.service.update({ where: { id: s.serviceId }, data: { state: 'RUNNING' } });
    expect((await observe()).changed).not.toContain(s.serviceId);
    expect(
      (await db.serviceVersion.findUniqueOrThrow({ where: { id: s.version.id } })).observed,
    ).toEqual({});
  });
});
