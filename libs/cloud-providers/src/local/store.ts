/**
 * The local provider's memory, as a port: the provider and its supervisor never see Prisma.
 * The worker implements it on Postgres (apps/worker/src/providers/local-replica-store.ts), so
 * every worker process on the machine reads the same records and a restarted worker re-adopts
 * the replicas they describe; `InMemoryLocalReplicaStore` serves unit tests.
 *
 * Writers: any worker writes cluster records (provision, setCapacity, updateInPlace, terminate)
 * through `updateCluster`, which is optimistic (retried on a concurrent write). Replica records
 * are written only by the supervisor — one process at a time (see `SupervisorLease`).
 */
import type { ClusterLabels } from '../port';
import type {
  LocalClusterRecord,
  LocalReplicaPatch,
  LocalReplicaRecord,
  LocalReplicaState,
} from './records';

export interface LocalReplicaStore {
  /** Inserts `record` unless a cluster with its `clusterKey` exists; returns the stored one. */
  createCluster(
    record: LocalClusterRecord,
  ): Promise<{ record: LocalClusterRecord; created: boolean }>;
  getCluster(providerClusterId: string): Promise<LocalClusterRecord | null>;
  /** Clusters carrying every given label. */
  findClusters(labels: Partial<ClusterLabels>): Promise<LocalClusterRecord[]>;
  /** Clusters the supervisor still works on (not TERMINATED). */
  activeClusters(): Promise<LocalClusterRecord[]>;
  /**
   * Read-modify-write of one cluster: `change` gets the current record and returns the next
   * (its `revision` is ignored and bumped) or null for "no change". Re-run on a concurrent
   * write, so `change` must be pure. Resolves with the stored record, or null if unknown.
   */
  updateCluster(
    providerClusterId: string,
    change: (current: LocalClusterRecord) => LocalClusterRecord | null,
  ): Promise<LocalClusterRecord | null>;
  /** Replicas of a cluster, oldest first; STOPPED ones only with `includeStopped`. */
  replicas(
    providerClusterId: string,
    options?: { includeStopped?: boolean },
  ): Promise<LocalReplicaRecord[]>;
  insertReplica(record: LocalReplicaRecord): Promise<void>;
  /**
   * Patches a replica; with `expectState`, only if it is still in that state (a worker marking
   * it DRAINING and the supervisor recording a health result must not overwrite each other).
   * Resolves false when nothing was written.
   */
  updateReplica(
    replicaId: string,
    patch: LocalReplicaPatch,
    expectState?: LocalReplicaState,
  ): Promise<boolean>;
}

/** True when `record` carries every label in `labels`. */
export function localClusterHasLabels(
  record: LocalClusterRecord,
  labels: Partial<ClusterLabels>,
): boolean {
  return (Object.entries(labels) as [keyof ClusterLabels, string | undefined][]).every(
    ([k, v]) => v === undefined || record.labels[k] === v,
  );
}

/** One process, no I/O. Returns copies, so callers cannot change the store by accident. */
export class InMemoryLocalReplicaStore implements LocalReplicaStore {
  private readonly clusters = new Map<string, LocalClusterRecord>();
  private readonly replicaRows = new Map<string, LocalReplicaRecord>();

  async createCluster(record: LocalClusterRecord) {
    const existing = [...this.clusters.values()].find((c) => c.clusterKey === record.clusterKey);
    if (existing) return { record: structuredClone(existing), created: false };
    this.clusters.set(record.providerClusterId, structuredClone(record));
    return { record: structuredClone(record), created: true };
  }

  async getCluster(providerClusterId: string) {
    const c = this.clusters.get(providerClusterId);
    return c ? structuredClone(c) : null;
  }

  async findClusters(labels: Partial<ClusterLabels>) {
    return [...this.clusters.values()]
      .filter((c) => localClusterHasLabels(c, labels))
      .map((c) => structuredClone(c));
  }

  async activeClusters() {
    return [...this.clusters.values()]
      .filter((c) => c.state !== 'TERMINATED')
      .map((c) => structuredClone(c));
  }

  async updateCluster(
    providerClusterId: string,
    change: (current: LocalClusterRecord) => LocalClusterRecord | null,
  ) {
    const current = this.clusters.get(providerClusterId);
    if (!current) return null;
    const next = change(structuredClone(current));
    if (next === null) return structuredClone(current);
    const stored = { ...structuredClone(next), revision: current.revision + 1 };
    this.clusters.set(providerClusterId, stored);
    return structuredClone(stored);
  }

  async replicas(providerClusterId: string, options: { includeStopped?: boolean } = {}) {
    return [...this.replicaRows.values()]
      .filter(
        (r) =>
          r.providerClusterId === providerClusterId &&
          (options.includeStopped || r.state !== 'STOPPED'),
      )
      .sort((a, b) => a.createdAt - b.createdAt || a.ordinal - b.ordinal)
      .map((r) => ({ ...r }));
  }

  async insertReplica(record: LocalReplicaRecord) {
    if (this.replicaRows.has(record.replicaId))
      throw new Error(`replica ${record.replicaId} exists`);
    this.replicaRows.set(record.replicaId, { ...record });
  }

  async updateReplica(
    replicaId: string,
    patch: LocalReplicaPatch,
    expectState?: LocalReplicaState,
  ) {
    const current = this.replicaRows.get(replicaId);
    if (!current || (expectState !== undefined && current.state !== expectState)) return false;
    this.replicaRows.set(replicaId, { ...current, ...patch });
    return true;
  }
}
