import type { Db, RolloutState, ServiceState } from '@switchyard/db';
import { recordSystemFailure } from '../src/rollouts/system-failure';
import { aRolloutRow, aService } from './fixtures/service-rows';
import { useTestDb } from './fixtures/test-db';

const NOW = new Date('2026-12-03T14:00:00.000Z');

describe('recordSystemFailure: a tick that failed on every attempt', () => {
  let db: Db;

  useTestDb((client) => (db = client));

  async function aRollout(rollout: RolloutState, service: ServiceState) {
    const made = await aService(db).withVersions(2).create();
    await db.service.update({ where: { id: made.service.id }, data: { state: service } });
    const row = await aRolloutRow(db, made, { state: rollout });
    return { serviceId: made.service.id, rolloutId: row.id };
  }
  const serviceState = async (id: string) =>
    (await db.service.findUniqueOrThrow({ where: { id } })).state;
  const events = (rolloutId: string) =>
    db.rolloutEvent.findMany({ where: { rolloutId }, orderBy: { seq: 'asc' } });

  it('marks the service SYSTEM_FAILURE once, with the error as the next event of the timeline', async () => {
    const { serviceId, rolloutId } = await aRollout('SHIFTING', 'ROLLING_OUT');
    await db.rolloutEvent.create({
      data: {
        orgId: (await db.rollout.findUniqueOrThrow({ where: { id: rolloutId } })).orgId,
        rolloutId,
        seq: 1,
        type: 'TRANSITION',
        reason: 'earlier',
      },
    });
    const error = new Error('sim: describeCluster unavailable');
    const version = async () =>
      (await db.rollout.findUniqueOrThrow({ where: { id: rolloutId } })).version;
    const before = await version();
    expect(await recordSystemFailure(db, rolloutId, error, 5, NOW)).toBe(true);
    // A tick that loaded the rollout before the mark goes stale instead of writing over it.
    expect(await version()).toBe(before + 1);
    expect(await serviceState(serviceId)).toBe('SYSTEM_FAILURE');
    // The next exhausted job (the reconciler keeps retrying) adds nothing.
    expect(await recordSystemFailure(db, rolloutId, error, 5, NOW)).toBe(false);
    expect(await version()).toBe(before + 1);
    const timeline = await events(rolloutId);
    expect(timeline.map((e) => [e.seq, e.type, e.fromState, e.toState, e.reason])).toEqual([
      [1, 'TRANSITION', null, null, 'earlier'],
      [
        2,
        'SYSTEM_FAILURE',
        'SHIFTING',
        'SHIFTING',
        'tick failed on all 5 attempts: sim: describeCluster unavailable',
      ],
    ]);
    expect(timeline[1]!.createdAt).toEqual(NOW);
  });

  it('cuts a long error message to 500 characters', async () => {
    const { rolloutId } = await aRollout('PROVISIONING', 'ROLLING_OUT');
    await recordSystemFailure(db, rolloutId, 'x'.repeat(2000), 5, NOW);
    expect((await events(rolloutId))[0]!.reason).toHaveLength(500);
  });

  it.each([
    ['a finished rollout', 'ROLLED_BACK', 'RUNNING'],
    ['a service being terminated', 'SHIFTING', 'TERMINATING'],
    ['a terminated service', 'PAUSED', 'TERMINATED'],
  ] as const)('leaves %s as it is', async (_name, rollout, service) => {
    const ids = await aRollout(rollout, service);
    expect(await recordSystemFailure(db, ids.rolloutId, new Error('boom'), 5, NOW)).toBe(false);
    expect(await serviceState(ids.serviceId)).toBe(service);
    expect(await events(ids.rolloutId)).toEqual([]);
  });

  it('does nothing for a rollout that no longer exists', async () => {
    const missing = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(await recordSystemFailure(db, missing, new Error('boom'), 5, NOW)).toBe(false);
  });
});
