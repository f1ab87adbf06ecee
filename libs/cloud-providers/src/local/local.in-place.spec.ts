/**
 * Heavyweight in-place updates with real processes: a successor starts with the new command/env,
 * the old replica drains once the successor is ready, capacity never drops, and the old id is
 * reported in replacedReplicaIds. Replays are no-ops.
 */
import { eventually } from '@switchyard/testing';
import { createLocalRig, fixtureCommand, liveGroupsOf, type LocalRig } from './testing/rig';
import {
  getJson,
  localSpec,
  readyEndpoints,
  staticTarget,
  statusWhen,
} from './testing/spec-helpers';

jest.setTimeout(30_000);

describe('local provider: in-place updates (real processes)', () => {
  let rig: LocalRig;
  beforeEach(() => {
    rig = createLocalRig();
  });
  afterEach(async () => rig.cleanup());

  it('heavy: replaces one replica by a ready successor with the new env, then drains the old one', async () => {
    const spec = localSpec({ env: { GREETING: 'old' }, targets: [staticTarget(2)] });
    const handle = await rig.provider.provisionCluster(spec);
    const before = await eventually(
      statusWhen(rig.provider, handle, (s) => s.healthy && s.deployments[0]!.readyReplicas === 2),
    );
    const [victim, keeper] = before.deployments[0]!.replicas;
    const update = {
      mode: 'heavy' as const,
      replica: { application: 'app', deployment: 'web', replicaId: victim!.replicaId },
      applications: spec.applications.map((a) => ({ ...a, command: fixtureCommand() })),
      env: { GREETING: 'new' },
    };
    await rig.provider.updateInPlace(handle, update, 'heavy-1');
    const minNonDraining: number[] = [];
    const after = await eventually(
      async () => {
        const s = await rig.provider.describeCluster(handle);
        minNonDraining.push(
          s.deployments[0]!.replicas.filter((r) => r.ready && !r.draining).length,
        );
        return s.replacedReplicaIds.includes(victim!.replicaId) &&
          s.deployments[0]!.replicas.length === 2
          ? s
          : undefined;
      },
      15_000,
      20,
    );
    expect(Math.min(...minNonDraining)).toBeGreaterThanOrEqual(2); // capacity never dropped
    const ids = after.deployments[0]!.replicas.map((r) => r.replicaId);
    expect(ids).toContain(keeper!.replicaId);
    expect(ids).not.toContain(victim!.replicaId);
    const successor = after.deployments[0]!.replicas.find(
      (r) => r.replicaId !== keeper!.replicaId,
    )!;
    expect(await getJson(successor.endpoint)).toMatchObject({ greeting: 'new' });
    expect(await getJson(keeper!.endpoint)).toMatchObject({ greeting: 'old' }); // untouched until its turn

    await rig.provider.updateInPlace(handle, update, 'heavy-1'); // replay
    await rig.provider.updateInPlace(handle, update, 'heavy-1-again'); // already replaced: no-op
    await new Promise((r) => setTimeout(r, 300));
    const still = await rig.provider.describeCluster(handle);
    expect(readyEndpoints(still).sort()).toEqual(readyEndpoints(after).sort());
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(2);
  });

  it('heavy: an unknown replica is not_found', async () => {
    const spec = localSpec();
    const handle = await rig.provider.provisionCluster(spec);
    const err = await rig.provider
      .updateInPlace(
        handle,
        {
          mode: 'heavy',
          replica: { application: 'app', deployment: 'web', replicaId: 'nope' },
          applications: spec.applications,
          env: {},
        },
        'k',
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not_found' });
  });

  it('an application without a command cannot be provisioned (invalid_request)', async () => {
    const spec = localSpec();
    const { command: _command, ...withoutCommand } = spec.applications[0]!;
    const err = await rig.provider
      .provisionCluster({ ...spec, applications: [{ ...withoutCommand, importPath: 'app:graph' }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid_request', retryable: false });
  });
});
