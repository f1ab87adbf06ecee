/**
 * Autoscaling of a cluster's autoscaling deployments from the gateways' load (OngoingRequestsSource):
 * every `autoscaleIntervalMs`, load = requests in flight on the deployment's serving replicas +
 * requests queued for it, then `decideReplicas` (pure) within the engine's bounds. Decisions are
 * written with the cluster's optimistic update, and dropped for a deployment whose target the
 * engine changed in the meantime (the engine's word wins).
 */
import type { LocalTimings } from './options';
import type { LocalClusterSettings, LocalProviderLogger, OngoingRequestsSource } from './ports';
import {
  deploymentKey,
  type AutoscalingPolicy,
  type LocalClusterRecord,
  type LocalReplicaRecord,
} from './records';
import { decideReplicas } from './autoscale-decision';
import type { LocalReplicaStore } from './store';

export class ClusterAutoscaler {
  private readonly lastRun = new Map<string, number>();

  constructor(
    private readonly deps: {
      store: LocalReplicaStore;
      source: OngoingRequestsSource | undefined;
      timings: LocalTimings;
      clock: () => number;
      logger: LocalProviderLogger;
      defaultPolicy: AutoscalingPolicy;
    },
  ) {}

  /** Returns the cluster as it is after this round's decisions. */
  async run(
    cluster: LocalClusterRecord,
    replicas: LocalReplicaRecord[],
    settings: LocalClusterSettings | null,
  ): Promise<LocalClusterRecord> {
    const { source, clock, timings } = this.deps;
    const scaled = cluster.deployments.filter((d) => d.target.kind === 'autoscaling');
    if (!source || scaled.length === 0) return cluster;
    const now = clock();
    if (
      now - (this.lastRun.get(cluster.providerClusterId) ?? -Infinity) <
      timings.autoscaleIntervalMs
    )
      return cluster;
    this.lastRun.set(cluster.providerClusterId, now);

    let load;
    try {
      load = await source.read(cluster.labels.serviceId);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, providerClusterId: cluster.providerClusterId },
        'no load figures: autoscaling holds',
      );
      return cluster;
    }
    const versions = new Set([
      cluster.labels.versionId,
      settings?.versionId ?? cluster.labels.versionId,
    ]);
    const decisions = new Map<
      string,
      {
        desired: number;
        pending: LocalClusterRecord['deployments'][number]['pending'];
        target: string;
      }
    >();
    for (const d of scaled) {
      if (d.target.kind !== 'autoscaling') continue;
      const serving = replicas.filter(
        (r) =>
          r.application === d.application &&
          r.deployment === d.deployment &&
          r.state !== 'DRAINING',
      );
      const ongoing = serving.reduce((sum, r) => sum + (load.perReplica.get(r.replicaId) ?? 0), 0);
      const queued = load.queued
        .filter(
          (q) =>
            versions.has(q.versionId) &&
            q.application === d.application &&
            q.deployment === d.deployment,
        )
        .reduce((sum, q) => sum + q.queued, 0);
      const key = deploymentKey(d.application, d.deployment);
      const policy = settings?.deployments[key]?.autoscaling ?? this.deps.defaultPolicy;
      const outcome = decideReplicas({
        current: d.desired,
        min: d.target.minReplicas,
        max: d.target.maxReplicas,
        policy,
        load: ongoing + queued,
        pending: d.pending,
        now,
      });
      if (
        outcome.desired !== d.desired ||
        JSON.stringify(outcome.pending) !== JSON.stringify(d.pending)
      ) {
        decisions.set(key, { ...outcome, target: JSON.stringify(d.target) });
        if (outcome.desired !== d.desired) {
          this.deps.logger.info(
            { deployment: key, from: d.desired, to: outcome.desired, load: ongoing + queued },
            'local autoscaling',
          );
        }
      }
    }
    if (decisions.size === 0) return cluster;
    const stored = await this.deps.store.updateCluster(cluster.providerClusterId, (current) => {
      if (current.state !== 'RUNNING') return null;
      let changed = false;
      const deployments = current.deployments.map((d) => {
        const decision = decisions.get(deploymentKey(d.application, d.deployment));
        if (!decision || decision.target !== JSON.stringify(d.target)) return d;
        changed = true;
        return { ...d, desired: decision.desired, pending: decision.pending };
      });
      return changed ? { ...current, deployments } : null;
    });
    return stored ?? cluster;
  }

  forget(providerClusterId: string): void {
    this.lastRun.delete(providerClusterId);
  }
}
