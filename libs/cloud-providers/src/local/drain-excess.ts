/**
 * Marks the replicas a scale-down (or termination) removes as DRAINING, at once, in the call that
 * asked for it — so the very next describeCluster, from any worker, reports them draining and
 * gateways stop sending them new requests. Stopping them is the supervisor's job. Writes are
 * conditional on the state read, so a concurrent supervisor write is never overwritten.
 */
import type { LocalClusterRecord, LocalReplicaRecord } from './records';
import { planDeployment } from './scale-plan';
import type { LocalReplicaStore } from './store';

/** Resolves with how many replicas it marked (`known`: the cluster's replicas, if already read). */
export async function drainExcess(
  store: LocalReplicaStore,
  cluster: LocalClusterRecord,
  now: number,
  known?: LocalReplicaRecord[],
): Promise<number> {
  const replicas = known ?? (await store.replicas(cluster.providerClusterId));
  let marked = 0;
  const drain = async (id: string) => {
    const r = replicas.find((x) => x.replicaId === id);
    if (!r || r.state === 'DRAINING' || r.state === 'STOPPED') return;
    if (await store.updateReplica(id, { state: 'DRAINING', drainingSince: now }, r.state)) marked++;
  };
  if (cluster.state !== 'RUNNING') {
    for (const r of replicas) await drain(r.replicaId);
    return marked;
  }
  for (const d of cluster.deployments) {
    const mine = replicas.filter(
      (r) => r.application === d.application && r.deployment === d.deployment,
    );
    for (const victim of planDeployment(d, mine, cluster.replacing).drain) await drain(victim);
  }
  return marked;
}
