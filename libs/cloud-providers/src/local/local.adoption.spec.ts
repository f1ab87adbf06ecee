/**
 * Worker restarts and several workers on one machine: replicas outlive the provider instance
 * that started them and are re-adopted (not restarted, not duplicated) by the next one; a
 * recorded pid that now belongs to another process is not adopted (and not signalled); only
 * one provider instance supervises at a time.
 */
import { spawn } from 'node:child_process';
import { eventually } from '@switchyard/testing';
import { isSameProcess, processStartTime } from './proc';
import { createLocalRig, liveGroupsOf, type LocalRig } from './testing/rig';
import { localSpec, staticTarget, statusWhen } from './testing/spec-helpers';

jest.setTimeout(30_000);

describe('local provider: adoption across provider instances (real processes)', () => {
  let rig: LocalRig;
  const strangers: number[] = [];
  beforeEach(() => {
    rig = createLocalRig();
  });
  afterEach(async () => {
    await rig.cleanup();
    for (const pid of strangers.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('a new provider instance re-adopts running replicas without starting new ones', async () => {
    const spec = localSpec({ targets: [staticTarget(2)] });
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(
      statusWhen(rig.provider, handle, (s) => s.healthy && s.deployments[0]!.readyReplicas === 2),
    );
    const before = await rig.store.replicas(handle.providerClusterId);
    await rig.provider.close(); // the worker goes away; its replicas must not
    expect(before.every((r) => isSameProcess(r.pid!, r.processStartTime!))).toBe(true);

    const restarted = rig.another();
    await eventually(async () => (restarted.supervisor.isSupervising ? true : undefined));
    // Several health rounds later: the same processes, nothing new, nothing restarted.
    await new Promise((r) => setTimeout(r, 600));
    const after = await rig.store.replicas(handle.providerClusterId, { includeStopped: true });
    expect(after.map((r) => [r.replicaId, r.pid, r.state, r.restarts])).toEqual(
      before.map((r) => [r.replicaId, r.pid, 'READY', 0]),
    );
    const groups = liveGroupsOf(spec.labels.serviceId);
    expect([...groups.keys()].sort()).toEqual(before.map((r) => r.pgid).sort());

    // The adopted replicas are watched: a crash is noticed (without a child handle) and repaired.
    process.kill(before[0]!.pid!, 'SIGKILL');
    await eventually(async () => {
      const [r] = await rig.store.replicas(handle.providerClusterId);
      return r?.state === 'READY' && r.restarts === 1 ? r : undefined;
    }, 15_000);
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(2);
  });

  it('a recorded pid recycled by another process is neither adopted nor signalled', async () => {
    const spec = localSpec();
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => s.healthy));
    await rig.provider.close();
    const [row] = await rig.store.replicas(handle.providerClusterId);
    process.kill(row!.pid!, 'SIGKILL'); // the replica dies while no worker runs…
    // …and its pid (here: the record is pointed at a stranger with another start time) is reused.
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    stranger.unref();
    strangers.push(stranger.pid!);
    await eventually(async () => (processStartTime(stranger.pid!) !== null ? true : undefined));
    await rig.store.updateReplica(row!.replicaId, {
      pid: stranger.pid!,
      pgid: stranger.pid!,
      processStartTime: processStartTime(stranger.pid!)! - 1,
    });

    rig.another();
    const restarted = await eventually(async () => {
      const [r] = await rig.store.replicas(handle.providerClusterId);
      return r?.state === 'READY' && r.pid !== stranger.pid ? r : undefined;
    }, 15_000);
    expect(restarted.restarts).toBe(1);
    expect(processStartTime(stranger.pid!)).not.toBeNull(); // the stranger lives on
  });

  it('only one provider instance supervises; another takes over when it stops', async () => {
    const second = rig.another();
    const spec = localSpec({ targets: [staticTarget(2)] });
    const handle = await second.provisionCluster(spec); // any instance may take calls
    await eventually(
      statusWhen(second, handle, (s) => s.healthy && s.deployments[0]!.readyReplicas === 2),
    );
    expect([rig.provider.supervisor.isSupervising, second.supervisor.isSupervising]).toEqual([
      true,
      false,
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(2); // not started twice

    await rig.provider.close();
    await eventually(async () => (second.supervisor.isSupervising ? true : undefined));
    await second.setCapacity(handle, [staticTarget(3)], 'up');
    await eventually(statusWhen(second, handle, (s) => s.deployments[0]!.readyReplicas === 3));
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(3);
  });
});
