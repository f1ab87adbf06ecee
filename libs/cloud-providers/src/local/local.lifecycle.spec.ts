/**
 * The local provider with real processes: start, health, crash and restart with backoff, failing
 * health checks, draining termination and SIGKILL escalation. Every process a test starts is
 * killed by the rig's cleanup (process groups recorded in the store).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventually } from '@switchyard/testing';
import { isSameProcess } from './proc';
import { createLocalRig, fixtureCommand, liveGroupsOf, type LocalRig } from './testing/rig';
import { getJson, localSpec, readyEndpoints, statusWhen } from './testing/spec-helpers';

jest.setTimeout(30_000);

describe('local provider: replica lifecycle (real processes)', () => {
  let rig: LocalRig;
  beforeEach(() => {
    rig = createLocalRig();
  });
  afterEach(async () => rig.cleanup());

  const replicaRows = async (providerClusterId: string) =>
    rig.store.replicas(providerClusterId, { includeStopped: true });

  it('provision → replicas up → health → ready endpoints that answer with their identity', async () => {
    const spec = localSpec({
      env: { GREETING: 'hello' },
      targets: [{ application: 'app', deployment: 'web', target: { kind: 'static', replicas: 2 } }],
    });
    const t0 = Date.now();
    const handle = await rig.provider.provisionCluster(spec);
    const first = await eventually(
      statusWhen(rig.provider, handle, (s) => readyEndpoints(s).length >= 1),
      15_000,
      10,
    );
    const firstReadyMs = Date.now() - t0;
    const status = await eventually(
      statusWhen(rig.provider, handle, (s) => s.healthy && readyEndpoints(s).length === 2),
      15_000,
    );
    console.info(
      `local provider figures: provision → first ready replica ${firstReadyMs} ms; → 2/2 ready ${Date.now() - t0} ms`,
    );
    expect(first.state).toBe('RUNNING');
    expect(status.nodes).toEqual([
      expect.objectContaining({
        role: 'HEAD',
        instanceType: 'local',
        state: 'RUNNING',
        stoppedAt: null,
      }),
    ]);
    for (const endpoint of readyEndpoints(status)) {
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const body = await getJson(endpoint);
      expect(body).toMatchObject({ version: spec.labels.versionId, greeting: 'hello' });
      expect(String(body['replica'])).toMatch(
        new RegExp(`^${handle.providerClusterId}\\.app\\.web\\.\\d$`),
      );
    }
    const rows = await replicaRows(handle.providerClusterId);
    expect(
      rows.every(
        (r) =>
          r.state === 'READY' &&
          r.pid !== null &&
          r.pgid === r.pid &&
          isSameProcess(r.pid, r.processStartTime!),
      ),
    ).toBe(true);
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(2);
  });

  it('a SIGKILLed replica is restarted (same id and port, restarts counted, exit code kept)', async () => {
    const spec = localSpec();
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => s.healthy));
    const [before] = await replicaRows(handle.providerClusterId);
    process.kill(before!.pid!, 'SIGKILL');
    const after = await eventually(async () => {
      const [r] = await replicaRows(handle.providerClusterId);
      return r && r.state === 'READY' && r.pid !== before!.pid ? r : undefined;
    }, 15_000);
    expect(after).toMatchObject({
      replicaId: before!.replicaId,
      restarts: 1,
      lastExitCode: 137,
      port: before!.port,
      crashStreak: 1,
    });
    expect(isSameProcess(before!.pid!, before!.processStartTime!)).toBe(false);
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(1);
  });

  it('a crash-looping replica is restarted with exponential backoff and reported unhealthy', async () => {
    const spec = localSpec({ command: fixtureCommand({ FIXTURE_EXIT_AFTER_MS: 30 }) });
    const handle = await rig.provider.provisionCluster(spec);
    const starts: number[] = [];
    const status = await eventually(
      async () => {
        const [r] = await replicaRows(handle.providerClusterId);
        if (r?.startedAt != null && !starts.includes(r.startedAt)) starts.push(r.startedAt);
        const s = await rig.provider.describeCluster(handle);
        return starts.length >= 5 ? s : undefined;
      },
      20_000,
      10,
    );
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    console.info(
      `local provider figures: crash-loop restart gaps ${gaps.join(', ')} ms (backoff 150 ms doubling, cap 1200 ms)`,
    );
    // Each gap is the process's short life plus the backoff: 150, 300, 600, 1200 ms (capped).
    [150, 300, 600, 1_200].forEach((backoff, i) => expect(gaps[i]).toBeGreaterThanOrEqual(backoff));
    expect(status.healthy).toBe(false);
    expect(status.applications[0]!.message).toMatch(/keeps failing/);
    const [r] = await replicaRows(handle.providerClusterId);
    expect(r!.restarts).toBeGreaterThanOrEqual(4);
    expect(r!.lastExitCode).toBe(3);
  });

  it('N failed health checks make a ready replica UNHEALTHY; it is restarted and recovers', async () => {
    const sick = path.join(rig.stateDir, 'sick');
    const spec = localSpec({ command: fixtureCommand({ FIXTURE_UNHEALTHY_FILE: sick }) });
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => s.healthy));
    const [before] = await replicaRows(handle.providerClusterId);
    fs.writeFileSync(sick, '');
    await eventually(
      statusWhen(rig.provider, handle, (s) => s.deployments[0]!.readyReplicas === 0 && !s.healthy),
      10_000,
      10,
    );
    const [unhealthy] = await replicaRows(handle.providerClusterId);
    expect(unhealthy!.lastFailure).toMatch(/3 failed health checks: health check answered 500/);
    fs.rmSync(sick);
    const [after] = await eventually(async () => {
      const rows = await replicaRows(handle.providerClusterId);
      return rows[0]?.state === 'READY' && rows[0].pid !== before!.pid ? rows : undefined;
    }, 15_000);
    expect(after!.restarts).toBe(1);
  });

  it('terminate drains (in-flight requests finish), then stops every process and the head node', async () => {
    const spec = localSpec();
    const handle = await rig.provider.provisionCluster(spec);
    const ready = await eventually(statusWhen(rig.provider, handle, (s) => s.healthy));
    const inFlight = getJson(readyEndpoints(ready)[0]!, '/slow?ms=600');
    await new Promise((r) => setTimeout(r, 50)); // the request is on its way
    await rig.provider.terminateCluster(handle, 'term-1');
    const draining = await rig.provider.describeCluster(handle);
    expect(draining.state).toBe('TERMINATING');
    expect(draining.deployments[0]!.replicas).toEqual([
      expect.objectContaining({ ready: false, draining: true }),
    ]);
    expect(await inFlight).toMatchObject({ version: spec.labels.versionId });
    const done = await eventually(
      statusWhen(rig.provider, handle, (s) => s.state === 'TERMINATED'),
      10_000,
    );
    expect(done.nodes).toEqual([
      expect.objectContaining({ state: 'STOPPED', stoppedAt: expect.any(Number) }),
    ]);
    const [row] = await replicaRows(handle.providerClusterId);
    expect(row).toMatchObject({ state: 'STOPPED', lastExitCode: 0 });
    expect(row!.stoppedAt! - row!.drainingSince!).toBeGreaterThanOrEqual(150); // the drain period
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(0);
  });

  it('a replica that ignores SIGTERM is SIGKILLed after the graceful-shutdown timeout', async () => {
    const spec = localSpec({ command: fixtureCommand({ FIXTURE_IGNORE_SIGTERM: 1 }) });
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => s.healthy));
    await rig.provider.terminateCluster(handle, 'term-1');
    await eventually(
      statusWhen(rig.provider, handle, (s) => s.state === 'TERMINATED'),
      10_000,
    );
    const [row] = await replicaRows(handle.providerClusterId);
    expect(row!.lastExitCode).toBe(137);
    expect(row!.stoppedAt! - row!.signalledAt!).toBeGreaterThanOrEqual(1_500);
    const log = fs.readFileSync(
      path.join(
        rig.stateDir,
        'logs',
        spec.labels.serviceId,
        spec.labels.versionId,
        `${row!.replicaId}.log`,
      ),
      'utf8',
    );
    expect(log).toContain('SIGTERM ignored');
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(0);
  });
});
