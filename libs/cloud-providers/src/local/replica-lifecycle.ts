/**
 * One supervisor round for one replica: the transitions of `LocalReplicaState` (records.ts) that
 * need a process — spawn, notice a crash, restart after the backoff, drain, SIGTERM, SIGKILL.
 * Health checks run in the background (health-monitor.ts); their results are applied here, in
 * the round, so a replica's record has one writer at a time.
 */
import { adoptedIncarnation, exitCodeAfter, newIncarnation, type Incarnation } from './incarnation';
import { isSameProcess, signalGroup, signalReplicaGroup } from './proc';
import { restartBackoffMs, type LocalTimings } from './options';
import type { LocalClusterRecord, LocalReplicaPatch, LocalReplicaRecord } from './records';
import type { LocalClusterSettings, LocalProviderLogger } from './ports';
import { replicaLogPath, rotateIfLarge } from './replica-logs';
import { freeLoopbackPort, spawnReplica } from './spawn-replica';
import type { LocalReplicaStore } from './store';
import { HealthMonitor } from './health-monitor';

export interface LifecycleDeps {
  store: LocalReplicaStore;
  stateDir: string;
  timings: LocalTimings;
  clock: () => number;
  logger: LocalProviderLogger;
  wake: () => void;
  /** A replica passed its first check (heavyweight replacements finish here). */
  onReady: (cluster: LocalClusterRecord, replica: LocalReplicaRecord) => Promise<void>;
}

export class ReplicaLifecycle {
  private readonly incarnations = new Map<string, Incarnation>();
  readonly health: HealthMonitor;

  constructor(private readonly deps: LifecycleDeps) {
    this.health = new HealthMonitor(deps.clock, deps.timings, deps.wake);
  }

  async step(
    cluster: LocalClusterRecord,
    r: LocalReplicaRecord,
    settings: LocalClusterSettings | null,
  ): Promise<void> {
    const now = this.deps.clock();
    const alive =
      r.pid !== null && r.processStartTime !== null && isSameProcess(r.pid, r.processStartTime);
    switch (r.state) {
      case 'STOPPED':
        return;
      case 'DRAINING':
        return this.stepDraining(r, alive, now, settings);
      case 'UNHEALTHY':
        return this.stepUnhealthy(cluster, r, alive, now, settings);
      default:
        if (r.pid === null) {
          if (r.nextRestartAt === null || now >= r.nextRestartAt)
            await this.spawn(cluster, r, settings);
          return;
        }
        if (!alive) return this.crashed(r, now, 'the process exited');
        await this.rotateLogs(cluster, r, now);
        return this.stepHealth(cluster, r, now);
    }
  }

  /** Forget in-memory state of replicas that are gone (or no longer ours to watch). */
  forget(replicaId: string): void {
    this.incarnations.delete(replicaId);
    this.health.forget(replicaId);
  }

  /** Writes `patch` if the replica is still in the state this round read (else: next round). */
  private async update(r: LocalReplicaRecord, patch: LocalReplicaPatch): Promise<boolean> {
    const written = await this.deps.store.updateReplica(r.replicaId, patch, r.state);
    if (written) Object.assign(r, patch);
    return written;
  }

  private graceMs(r: LocalReplicaRecord, settings: LocalClusterSettings | null): number {
    const s = settings?.deployments[`${r.application}/${r.deployment}`]?.gracefulShutdownTimeoutS;
    return s !== undefined ? s * 1000 : this.deps.timings.gracefulShutdownMs;
  }

  /** The process is gone while it should serve: record why, restart after the backoff. */
  private async crashed(r: LocalReplicaRecord, now: number, reason: string): Promise<void> {
    signalReplicaGroup(r.pgid, r.processStartTime, 'SIGKILL'); // whatever the shell left behind
    const exitCode = await exitCodeAfter(this.incarnations.get(r.replicaId));
    const streak = r.crashStreak + 1;
    this.deps.logger.warn(
      { replicaId: r.replicaId, exitCode, streak },
      `local replica crashed: ${reason}`,
    );
    this.health.forget(r.replicaId);
    await this.update(r, {
      state: 'UNHEALTHY',
      pid: null,
      pgid: null,
      processStartTime: null,
      readyAt: null,
      signalledAt: null,
      lastExitCode: exitCode,
      lastFailure: exitCode !== null ? `${reason} (code ${exitCode})` : reason,
      crashStreak: streak,
      nextRestartAt: now + restartBackoffMs(streak, this.deps.timings),
    });
  }

  private async stepUnhealthy(
    cluster: LocalClusterRecord,
    r: LocalReplicaRecord,
    alive: boolean,
    now: number,
    settings: LocalClusterSettings | null,
  ) {
    if (alive) {
      // Failing checks: it is being stopped before the restart.
      if (r.signalledAt === null) {
        signalReplicaGroup(r.pgid, r.processStartTime, 'SIGTERM');
        await this.update(r, { signalledAt: now });
      } else if (now - r.signalledAt >= this.graceMs(r, settings))
        signalReplicaGroup(r.pgid, r.processStartTime, 'SIGKILL');
      return;
    }
    if (r.pid !== null) {
      signalReplicaGroup(r.pgid, r.processStartTime, 'SIGKILL');
      const exitCode = await exitCodeAfter(this.incarnations.get(r.replicaId));
      await this.update(r, {
        pid: null,
        pgid: null,
        processStartTime: null,
        signalledAt: null,
        lastExitCode: exitCode ?? r.lastExitCode,
      });
    }
    if (r.nextRestartAt === null || now >= r.nextRestartAt) await this.spawn(cluster, r, settings);
  }

  private async stepDraining(
    r: LocalReplicaRecord,
    alive: boolean,
    now: number,
    settings: LocalClusterSettings | null,
  ) {
    if (!alive) {
      signalReplicaGroup(r.pgid, r.processStartTime, 'SIGKILL');
      const exitCode = await exitCodeAfter(this.incarnations.get(r.replicaId));
      await this.update(r, {
        state: 'STOPPED',
        stoppedAt: now,
        pid: null,
        pgid: null,
        processStartTime: null,
        lastExitCode: exitCode ?? r.lastExitCode,
      });
      this.forget(r.replicaId);
      return;
    }
    // A replica that never served has nothing in flight: no drain period.
    const drainMs = r.readyAt === null ? 0 : this.deps.timings.drainPeriodMs;
    if (r.signalledAt === null) {
      if (now - (r.drainingSince ?? now) >= drainMs) {
        signalReplicaGroup(r.pgid, r.processStartTime, 'SIGTERM');
        await this.update(r, { signalledAt: now });
      }
    } else if (now - r.signalledAt >= this.graceMs(r, settings)) {
      signalReplicaGroup(r.pgid, r.processStartTime, 'SIGKILL');
    }
  }

  private async stepHealth(
    cluster: LocalClusterRecord,
    r: LocalReplicaRecord,
    now: number,
  ): Promise<void> {
    const app = cluster.applications.find((a) => a.name === r.application);
    if (!app) return;
    const { passed, failures, reason } = this.health.consume(r.replicaId, r.pid!);
    const t = this.deps.timings;
    if (passed && r.state === 'STARTING') {
      await this.update(r, { state: 'READY', readyAt: now });
      this.deps.logger.info({ replicaId: r.replicaId, port: r.port }, 'local replica ready');
      await this.deps.onReady(cluster, r);
    }
    const failingReady = r.state === 'READY' && failures >= t.failureThreshold;
    const neverReady =
      r.state === 'STARTING' && r.startedAt !== null && now - r.startedAt >= t.startupTimeoutMs;
    if (failingReady || neverReady) {
      const why = failingReady
        ? `${failures} failed health checks: ${reason}`
        : `not ready after ${t.startupTimeoutMs} ms`;
      const streak = r.crashStreak + 1;
      this.deps.logger.warn({ replicaId: r.replicaId, streak }, `local replica unhealthy: ${why}`);
      signalReplicaGroup(r.pgid, r.processStartTime, 'SIGTERM');
      this.health.forget(r.replicaId);
      await this.update(r, {
        state: 'UNHEALTHY',
        signalledAt: now,
        readyAt: null,
        lastFailure: why,
        crashStreak: streak,
        nextRestartAt: now + restartBackoffMs(streak, t),
      });
      return;
    }
    if (
      r.state === 'READY' &&
      r.crashStreak > 0 &&
      r.readyAt !== null &&
      now - r.readyAt >= t.backoffResetMs
    ) {
      await this.update(r, { crashStreak: 0 });
    }
    this.health.schedule(r.replicaId, r.pid!, r.port!, app.healthCheck, r.state === 'STARTING');
  }

  private async spawn(
    cluster: LocalClusterRecord,
    r: LocalReplicaRecord,
    settings: LocalClusterSettings | null,
  ): Promise<void> {
    const now = this.deps.clock();
    const app = cluster.applications.find((a) => a.name === r.application);
    const versionId = settings?.versionId ?? cluster.labels.versionId;
    const identity = {
      serviceId: r.serviceId,
      versionId,
      application: r.application,
      deployment: r.deployment,
      replicaId: r.replicaId,
    };
    try {
      if (!app?.command) throw new Error(`application ${r.application} has no command`);
      const port = await freeLoopbackPort(r.port);
      const { incarnation, reportExit } = newIncarnation(now);
      const spawned = await spawnReplica({
        identity,
        command: app.command,
        port,
        workingDir: cluster.workingDir,
        env: { ...cluster.env, ...(settings?.applicationEnv[r.application] ?? {}) },
        logFile: this.logFile(cluster, r),
        onExit: (code, signal) => {
          reportExit(code, signal);
          this.deps.wake();
        },
      });
      Object.assign(incarnation, { pid: spawned.pid, child: spawned.child });
      this.incarnations.set(r.replicaId, incarnation);
      this.deps.logger.info(
        { replicaId: r.replicaId, pid: spawned.pid, port },
        'local replica started',
      );
      const recorded = await this.update(r, {
        state: 'STARTING',
        pid: spawned.pid,
        pgid: spawned.pgid,
        port,
        processStartTime: spawned.processStartTime,
        startedAt: now,
        readyAt: null,
        signalledAt: null,
        nextRestartAt: null,
        restarts: r.startedAt === null ? r.restarts : r.restarts + 1,
      });
      // Drained (or terminated) while it was starting: it must not run unrecorded.
      if (!recorded) signalGroup(spawned.pgid, 'SIGKILL');
    } catch (error) {
      const streak = r.crashStreak + 1;
      const why = `could not start: ${error instanceof Error ? error.message : String(error)}`;
      this.deps.logger.error({ replicaId: r.replicaId, streak }, `local replica ${why}`);
      await this.update(r, {
        state: 'UNHEALTHY',
        lastFailure: why,
        crashStreak: streak,
        nextRestartAt: now + restartBackoffMs(streak, this.deps.timings),
      });
    }
  }

  logFile(cluster: LocalClusterRecord, r: LocalReplicaRecord): string {
    return replicaLogPath(this.deps.stateDir, cluster.labels.serviceId, r.versionId, r.replicaId);
  }

  private async rotateLogs(
    cluster: LocalClusterRecord,
    r: LocalReplicaRecord,
    now: number,
  ): Promise<void> {
    let inc = this.incarnations.get(r.replicaId);
    if (!inc) {
      inc = adoptedIncarnation(r.pid!, now);
      this.incarnations.set(r.replicaId, inc);
    }
    if (now < inc.nextLogCheckAt) return;
    inc.nextLogCheckAt = now + this.deps.timings.logCheckMs;
    await rotateIfLarge(this.logFile(cluster, r), this.deps.timings.logMaxBytes).catch(() => false);
  }
}
