/**
 * The supervisor: the one process per machine (see SupervisorLease) that turns the local
 * provider's records into processes. Each round, for every cluster not yet terminated:
 * autoscale → start/drain replicas to the wanted counts → step every replica (spawn, health,
 * restart with backoff, drain, SIGTERM, SIGKILL) → finish a termination once all are stopped.
 *
 * Rounds run every `tickMs`, and at once after a call that changed something here (`wake`).
 * A process that does not hold the lease tries to take it every `leaseRetryMs`; on taking it,
 * it first sweeps orphaned replica processes, then adopts the recorded ones: a recorded pid
 * whose /proc start time matches is left running and health-checked, anything else counts as
 * crashed and is restarted.
 */
import type { LocalProviderOptions, LocalTimings } from './options';
import { DEFAULT_LOCAL_AUTOSCALING } from './options';
import { ClusterAutoscaler } from './autoscaler';
import { sweepOrphans } from './orphans';
import { silentLocalLogger, type LocalClusterSettings, type LocalProviderLogger } from './ports';
import type { LocalClusterRecord, LocalReplicaRecord } from './records';
import { ReplicaLifecycle } from './replica-lifecycle';
import { drainExcess } from './drain-excess';
import { planDeployment } from './scale-plan';
import { finishReplacement, newReplicaRecord, settleReplacements } from './replica-records';
import { SettingsCache } from './settings-cache';

type SupervisorDeps = LocalProviderOptions & { clock: () => number; timings: LocalTimings };

export class LocalSupervisor {
  private readonly logger: LocalProviderLogger;
  private readonly lifecycle: ReplicaLifecycle;
  private readonly autoscaler: ClusterAutoscaler;
  private readonly settings: SettingsCache;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private held = false;
  private nextLeaseAttemptAt = 0;

  constructor(private readonly deps: SupervisorDeps) {
    this.logger = deps.logger ?? silentLocalLogger;
    this.settings = new SettingsCache(
      deps.settings,
      deps.clock,
      deps.timings.settingsTtlMs,
      this.logger,
    );
    this.lifecycle = new ReplicaLifecycle({
      store: deps.store,
      stateDir: deps.stateDir,
      timings: deps.timings,
      clock: deps.clock,
      logger: this.logger,
      wake: () => this.wake(),
      onReady: (cluster, replica) =>
        finishReplacement(this.deps.store, deps.clock(), cluster, replica),
    });
    this.autoscaler = new ClusterAutoscaler({
      store: deps.store,
      source: deps.ongoingRequests,
      timings: deps.timings,
      clock: deps.clock,
      logger: this.logger,
      defaultPolicy: deps.defaultAutoscaling ?? DEFAULT_LOCAL_AUTOSCALING,
    });
  }

  /** True while this process is the machine's supervisor. */
  get isSupervising(): boolean {
    return this.held;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops the rounds and gives up the lease; replicas keep running. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    if (this.held) await this.deps.lease.release().catch(() => undefined);
    this.held = false;
  }

  /** Run a round soon (something changed). */
  wake(): void {
    if (this.started) this.schedule(0);
  }

  /** One round, now (tests drive the supervisor with this when `supervise: false`). */
  async runOnce(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.round().finally(() => (this.running = null));
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.running) {
      if (delayMs === 0) this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.round()
        .catch((error: unknown) =>
          this.logger.error({ err: error }, 'local supervisor round failed'),
        )
        .finally(() => {
          this.running = null;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.deps.timings.tickMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    if (!(await this.holdLease())) return;
    const clusters = await this.deps.store.activeClusters();
    for (const cluster of clusters) {
      try {
        await this.superviseCluster(cluster);
      } catch (error) {
        this.logger.error(
          { err: error, providerClusterId: cluster.providerClusterId },
          'local supervisor: cluster round failed',
        );
      }
    }
  }

  private async holdLease(): Promise<boolean> {
    const now = this.deps.clock();
    if (!this.held && now < this.nextLeaseAttemptAt) return false;
    const held = await this.deps.lease.acquire().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'local supervisor lease check failed');
      return false;
    });
    if (held && !this.held) {
      this.logger.info({}, 'local provider: this process supervises the local replicas');
      await this.adopt();
    } else if (!held && this.held) this.logger.warn({}, 'local provider: supervisor lease lost');
    this.held = held;
    if (!held) this.nextLeaseAttemptAt = now + this.deps.timings.leaseRetryMs;
    return held;
  }

  /** Taking over: kill orphans, then forget what a previous stint here remembered. */
  private async adopt(): Promise<void> {
    const clusters = await this.deps.store.activeClusters();
    const records: LocalReplicaRecord[] = [];
    for (const c of clusters)
      records.push(...(await this.deps.store.replicas(c.providerClusterId)));
    const killed = sweepOrphans(records);
    if (killed.length > 0)
      this.logger.warn({ pgids: killed }, 'local provider: killed orphaned replica processes');
    for (const r of records) this.lifecycle.forget(r.replicaId);
  }

  private async superviseCluster(initial: LocalClusterRecord): Promise<void> {
    let cluster = initial;
    const id = cluster.providerClusterId;
    const settings = await this.settings.get(cluster);
    let replicas = await this.deps.store.replicas(id);
    if (cluster.state === 'RUNNING')
      cluster = await this.autoscaler.run(cluster, replicas, settings);
    // Re-read only when something changed: an idle round costs one query per cluster.
    if (await this.converge(cluster, replicas, settings))
      replicas = await this.deps.store.replicas(id);
    for (const r of replicas) await this.lifecycle.step(cluster, r, settings);
    if (cluster.state === 'TERMINATING' && replicas.every((r) => r.state === 'STOPPED')) {
      const now = this.deps.clock();
      await this.deps.store.updateCluster(id, (c) =>
        c.state === 'TERMINATING' ? { ...c, state: 'TERMINATED', terminatedAt: now } : null,
      );
      this.autoscaler.forget(id);
      this.settings.forget(id);
      this.logger.info({ providerClusterId: id }, 'local cluster terminated');
    }
  }

  /** Inserts and drains replica records so each deployment heads for its wanted count. */
  /** Drains and inserts replica records so each deployment heads for its wanted count; true if it did. */
  private async converge(
    cluster: LocalClusterRecord,
    known: LocalReplicaRecord[],
    settings: LocalClusterSettings | null,
  ): Promise<boolean> {
    const now = this.deps.clock();
    const drained = await drainExcess(this.deps.store, cluster, now, known);
    if (cluster.state !== 'RUNNING') return drained > 0;
    const replicas =
      drained > 0 ? await this.deps.store.replicas(cluster.providerClusterId) : known;
    let started = false;
    for (const d of cluster.deployments) {
      const mine = replicas.filter(
        (r) => r.application === d.application && r.deployment === d.deployment,
      );
      const plan = planDeployment(d, mine, cluster.replacing);
      if (plan.start.length === 0) continue;
      // Ordinals come from the cluster record, so ids stay unique across supervisors.
      const same = (x: { application: string; deployment: string }) =>
        x.application === d.application && x.deployment === d.deployment;
      const n = plan.start.length;
      const stored = await this.deps.store.updateCluster(cluster.providerClusterId, (c) => ({
        ...c,
        deployments: c.deployments.map((x) =>
          same(x) ? { ...x, nextOrdinal: x.nextOrdinal + n } : x,
        ),
      }));
      const next = stored?.deployments.find(same)?.nextOrdinal ?? d.nextOrdinal + n;
      for (const [i, s] of plan.start.entries()) {
        await this.deps.store.insertReplica(
          newReplicaRecord(
            cluster,
            d.application,
            d.deployment,
            next - n + i,
            s.replaces,
            settings,
            now,
          ),
        );
      }
      started = true;
    }
    await settleReplacements(this.deps.store, cluster, replicas);
    return drained > 0 || started;
  }
}
