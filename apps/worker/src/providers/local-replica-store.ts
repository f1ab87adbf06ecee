/**
 * The local provider's records in Postgres (tables `local_clusters`, `local_replicas`): every
 * worker process on the machine sees the same replicas, and a restarted worker re-adopts them.
 * Cluster updates are optimistic (the `revision` column), so two workers changing one cluster
 * at once never lose a write; replica rows are written by the supervising worker only, with an
 * optional state guard (`expectState`) against a concurrent DRAINING mark.
 */
import {
  ProviderError,
  type ClusterLabels,
  type LocalClusterRecord,
  type LocalReplicaPatch,
  type LocalReplicaRecord,
  type LocalReplicaState,
  type LocalReplicaStore,
} from '@switchyard/cloud-providers';
import { Prisma, type Db, type LocalCluster, type LocalReplica } from '@switchyard/db';

const json = (value: unknown) => value as Prisma.InputJsonValue;
const ms = (d: Date | null) => (d === null ? null : d.getTime());
const date = (n: number | null) => (n === null ? null : new Date(n));
/** A concurrent writer won this many times in a row: something is badly wrong. */
const MAX_ATTEMPTS = 20;

function clusterOf(row: LocalCluster): LocalClusterRecord {
  return {
    providerClusterId: row.providerClusterId,
    clusterKey: row.clusterKey,
    labels: row.labels as unknown as ClusterLabels,
    state: row.state,
    env: row.env as Record<string, string>,
    workingDir: row.workingDir,
    applications: row.applications as unknown as LocalClusterRecord['applications'],
    deployments: row.deployments as unknown as LocalClusterRecord['deployments'],
    appliedKeys: row.appliedKeys as string[],
    replacing: row.replacing as string[],
    replacedReplicaIds: row.replacedReplicaIds as string[],
    createdAt: row.createdAt.getTime(),
    terminatingAt: ms(row.terminatingAt),
    terminatedAt: ms(row.terminatedAt),
    revision: row.revision,
  };
}

/** Everything but the key and the revision (which updates bump). */
function clusterData(c: LocalClusterRecord) {
  return {
    clusterKey: c.clusterKey,
    orgId: c.labels.orgId,
    serviceId: c.labels.serviceId,
    versionId: c.labels.versionId,
    rolloutId: c.labels.rolloutId,
    labels: json(c.labels),
    state: c.state,
    env: json(c.env),
    workingDir: c.workingDir,
    applications: json(c.applications),
    deployments: json(c.deployments),
    appliedKeys: json(c.appliedKeys),
    replacing: json(c.replacing),
    replacedReplicaIds: json(c.replacedReplicaIds),
    createdAt: new Date(c.createdAt),
    terminatingAt: date(c.terminatingAt),
    terminatedAt: date(c.terminatedAt),
  };
}

function replicaOf(row: LocalReplica): LocalReplicaRecord {
  return {
    ...row,
    processStartTime: row.processStartTime === null ? null : Number(row.processStartTime),
    startedAt: ms(row.startedAt),
    readyAt: ms(row.readyAt),
    nextRestartAt: ms(row.nextRestartAt),
    drainingSince: ms(row.drainingSince),
    signalledAt: ms(row.signalledAt),
    stoppedAt: ms(row.stoppedAt),
    createdAt: row.createdAt.getTime(),
  };
}

const TIME_FIELDS = [
  'startedAt',
  'readyAt',
  'nextRestartAt',
  'drainingSince',
  'signalledAt',
  'stoppedAt',
  'createdAt',
] as const;

function replicaData(patch: LocalReplicaPatch | LocalReplicaRecord): Record<string, unknown> {
  const data: Record<string, unknown> = { ...patch };
  for (const field of TIME_FIELDS) {
    if (field in patch) data[field] = date((patch as Record<string, number | null>)[field] ?? null);
  }
  if ('processStartTime' in patch)
    data['processStartTime'] =
      patch.processStartTime == null ? null : BigInt(patch.processStartTime);
  return data;
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export class PrismaLocalReplicaStore implements LocalReplicaStore {
  constructor(private readonly db: Db) {}

  async createCluster(record: LocalClusterRecord) {
    const existing = await this.db.localCluster.findUnique({
      where: { clusterKey: record.clusterKey },
    });
    if (existing) return { record: clusterOf(existing), created: false };
    try {
      const row = await this.db.localCluster.create({
        data: {
          providerClusterId: record.providerClusterId,
          ...clusterData(record),
          revision: record.revision,
        },
      });
      return { record: clusterOf(row), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another worker provisioned the same key at the same moment: theirs stands.
      const row = await this.db.localCluster.findUniqueOrThrow({
        where: { clusterKey: record.clusterKey },
      });
      return { record: clusterOf(row), created: false };
    }
  }

  async getCluster(providerClusterId: string) {
    const row = await this.db.localCluster.findUnique({ where: { providerClusterId } });
    return row ? clusterOf(row) : null;
  }

  async findClusters(labels: Partial<ClusterLabels>) {
    const where: Prisma.LocalClusterWhereInput = {
      AND: Object.entries(labels)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => ({ labels: { path: [key], equals: value } })),
    };
    const rows = await this.db.localCluster.findMany({ where, orderBy: { createdAt: 'asc' } });
    return rows.map(clusterOf);
  }

  async activeClusters() {
    const rows = await this.db.localCluster.findMany({
      where: { state: { not: 'TERMINATED' } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(clusterOf);
  }

  async updateCluster(
    providerClusterId: string,
    change: (current: LocalClusterRecord) => LocalClusterRecord | null,
  ) {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const row = await this.db.localCluster.findUnique({ where: { providerClusterId } });
      if (!row) return null;
      const current = clusterOf(row);
      const next = change(current);
      if (next === null) return current;
      const { count } = await this.db.localCluster.updateMany({
        where: { providerClusterId, revision: row.revision },
        data: { ...clusterData(next), revision: row.revision + 1 },
      });
      if (count === 1) return { ...next, providerClusterId, revision: row.revision + 1 };
    }
    throw new ProviderError(
      'unavailable',
      `local: cluster ${providerClusterId} kept changing under concurrent updates`,
    );
  }

  async replicas(providerClusterId: string, options: { includeStopped?: boolean } = {}) {
    const rows = await this.db.localReplica.findMany({
      where: {
        providerClusterId,
        ...(options.includeStopped ? {} : { state: { not: 'STOPPED' } }),
      },
      orderBy: [{ createdAt: 'asc' }, { ordinal: 'asc' }],
    });
    return rows.map(replicaOf);
  }

  async insertReplica(record: LocalReplicaRecord) {
    await this.db.localReplica.create({
      data: replicaData(record) as Prisma.LocalReplicaUncheckedCreateInput,
    });
  }

  async updateReplica(
    replicaId: string,
    patch: LocalReplicaPatch,
    expectState?: LocalReplicaState,
  ) {
    const { count } = await this.db.localReplica.updateMany({
      where: { replicaId, ...(expectState !== undefined ? { state: expectState } : {}) },
      data: replicaData(patch) as Prisma.LocalReplicaUncheckedUpdateManyInput,
    });
    return count === 1;
  }
}
