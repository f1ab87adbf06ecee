/**
 * Replica records the supervisor creates, and the bookkeeping of heavyweight in-place
 * replacements (a successor ready → its predecessor drains and is reported replaced).
 */
import type { LocalClusterSettings } from './ports';
import type { LocalClusterRecord, LocalReplicaRecord } from './records';
import type { LocalReplicaStore } from './store';

/** `<cluster>.<app>.<deployment>.<n>`, names cut to 40 characters (routing ids are ≤ 128). */
export function replicaIdFor(
  providerClusterId: string,
  application: string,
  deployment: string,
  ordinal: number,
): string {
  return `${providerClusterId}.${application.slice(0, 40)}.${deployment.slice(0, 40)}.${ordinal}`;
}

/** A replica to start: STARTING without a pid (the supervisor's next step spawns it). */
export function newReplicaRecord(
  cluster: LocalClusterRecord,
  application: string,
  deployment: string,
  ordinal: number,
  replaces: string | null,
  settings: LocalClusterSettings | null,
  now: number,
): LocalReplicaRecord {
  return {
    replicaId: replicaIdFor(cluster.providerClusterId, application, deployment, ordinal),
    providerClusterId: cluster.providerClusterId,
    orgId: cluster.labels.orgId,
    serviceId: cluster.labels.serviceId,
    versionId: settings?.versionId ?? cluster.labels.versionId,
    application,
    deployment,
    ordinal,
    state: 'STARTING',
    pid: null,
    pgid: null,
    port: null,
    processStartTime: null,
    startedAt: null,
    readyAt: null,
    restarts: 0,
    crashStreak: 0,
    lastExitCode: null,
    lastFailure: null,
    nextRestartAt: null,
    drainingSince: null,
    signalledAt: null,
    stoppedAt: null,
    replaces,
    createdAt: now,
  };
}

/** A successor is ready: drain the replica it replaces and report that one as replaced. */
export async function finishReplacement(
  store: LocalReplicaStore,
  now: number,
  cluster: LocalClusterRecord,
  replica: LocalReplicaRecord,
): Promise<void> {
  if (replica.replaces === null) return;
  const old = replica.replaces;
  const current = (await store.replicas(cluster.providerClusterId)).find(
    (r) => r.replicaId === old,
  );
  if (current && current.state !== 'DRAINING')
    await store.updateReplica(old, { state: 'DRAINING', drainingSince: now }, current.state);
  await store.updateReplica(replica.replicaId, { replaces: null });
  replica.replaces = null;
  await markReplaced(store, cluster.providerClusterId, [old]);
}

/** Replacements whose old replica is gone anyway (scaled down, stopped) are done too. */
export async function settleReplacements(
  store: LocalReplicaStore,
  cluster: LocalClusterRecord,
  replicas: LocalReplicaRecord[],
): Promise<void> {
  const gone = cluster.replacing.filter(
    (id) => !replicas.some((r) => r.replicaId === id && r.state !== 'DRAINING'),
  );
  if (gone.length > 0) await markReplaced(store, cluster.providerClusterId, gone);
}

async function markReplaced(
  store: LocalReplicaStore,
  providerClusterId: string,
  ids: string[],
): Promise<void> {
  await store.updateCluster(providerClusterId, (c) => ({
    ...c,
    replacing: c.replacing.filter((id) => !ids.includes(id)),
    replacedReplicaIds: [
      ...c.replacedReplicaIds,
      ...ids.filter((id) => !c.replacedReplicaIds.includes(id)),
    ],
  }));
}
