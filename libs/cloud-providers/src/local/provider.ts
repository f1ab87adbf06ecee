/**
 * The `local` provider: a cluster per service version is a set of replica processes on this
 * machine, one group of processes per deployment, started from the application's `command`.
 *
 * The port's calls only read and write records (the store); the supervisor (supervisor.ts), run
 * by exactly one process per machine, turns the records into processes: spawns, health checks,
 * restarts with backoff, autoscaling, draining and stopping. So every call is cheap, any worker
 * can answer any call, and a restarted worker finds its replicas where it left them.
 *
 * Idempotency: provisionCluster under `clusterKey` (unique in the store); setCapacity,
 * updateInPlace and terminateCluster under `<method>:<key>` kept on the cluster record.
 */
import { randomBytes } from 'node:crypto';
import type { DeploymentTarget, ReplicaRef } from '@switchyard/rollout';
import {
  ProviderError,
  type ClusterHandle,
  type ClusterLabels,
  type ClusterSpec,
  type ClusterStatus,
  type CloudProvider,
  type InPlaceUpdate,
} from '../port';
import { describeLocalCluster } from './describe';
import { drainExcess } from './drain-excess';
import { DEFAULT_LOCAL_TIMINGS, type LocalProviderOptions, type LocalTimings } from './options';
import type { LocalClusterRecord, LocalDeploymentRecord } from './records';
import { checkTargets, desiredAfter, withTargets } from './targets';
import { LocalSupervisor } from './supervisor';

export interface LocalProvider extends CloudProvider {
  readonly kind: 'local';
  readonly supervisor: LocalSupervisor;
  /** Stops supervising (replicas keep running: the next supervisor adopts them). */
  close(): Promise<void>;
}

const notFound = (handle: ClusterHandle) =>
  new ProviderError('not_found', `local: no cluster ${handle.providerClusterId}`);

/** Checks the spec can run here and builds the cluster's first record. */
function newClusterRecord(spec: ClusterSpec, workingDir: string, now: number): LocalClusterRecord {
  for (const app of spec.applications) {
    if (!app.command) {
      throw new ProviderError(
        'invalid_request',
        `local: application ${app.name} has no command (the local cloud runs commands, not import_path)`,
      );
    }
  }
  const deployments: LocalDeploymentRecord[] = spec.applications.flatMap((app) =>
    app.deployments.map((d) => ({
      application: app.name,
      deployment: d.name,
      target: { kind: 'static' as const, replicas: 1 },
      desired: 1,
      pending: null,
      nextOrdinal: 1,
    })),
  );
  const draft = { providerClusterId: `local-${randomBytes(6).toString('hex')}`, deployments };
  checkTargets(draft, spec.targets);
  for (const t of spec.targets) {
    const d = deployments.find(
      (x) => x.application === t.application && x.deployment === t.deployment,
    )!;
    d.target = { ...t.target };
    d.desired = desiredAfter(null, t.target);
  }
  return {
    providerClusterId: draft.providerClusterId,
    clusterKey: spec.clusterKey,
    labels: { ...spec.labels },
    state: 'RUNNING',
    env: { ...spec.env },
    workingDir,
    applications: structuredClone(spec.applications),
    deployments,
    appliedKeys: [],
    replacing: [],
    replacedReplicaIds: [],
    createdAt: now,
    terminatingAt: null,
    terminatedAt: null,
    revision: 0,
  };
}

export function createLocalProvider(options: LocalProviderOptions): LocalProvider {
  const clock = options.clock ?? Date.now;
  const timings: LocalTimings = { ...DEFAULT_LOCAL_TIMINGS, ...options.timings };
  const { store } = options;
  const supervisor = new LocalSupervisor({ ...options, clock, timings });

  /** A keyed mutation: unknown → not_found; replayed key → no-op; otherwise `apply` (pure). */
  async function keyed(
    method: string,
    handle: ClusterHandle,
    key: string,
    apply: (c: LocalClusterRecord) => LocalClusterRecord | null,
  ): Promise<void> {
    let failure: ProviderError | null = null;
    const stored = await store.updateCluster(handle.providerClusterId, (c) => {
      failure = null;
      const mark = `${method}:${key}`;
      if (c.appliedKeys.includes(mark)) return null;
      try {
        const next = apply(c);
        return next === null ? null : { ...next, appliedKeys: [...next.appliedKeys, mark] };
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        failure = error;
        return null;
      }
    });
    if (stored === null) throw notFound(handle);
    if (failure) throw failure;
    await drainExcess(store, stored, clock());
    supervisor.wake();
  }

  /** A heavy update names a live replica of the cluster (or one already replaced: a replay). */
  async function checkReplaceable(handle: ClusterHandle, ref: ReplicaRef): Promise<void> {
    const cluster = await store.getCluster(handle.providerClusterId);
    if (!cluster) throw notFound(handle);
    if (
      cluster.replacedReplicaIds.includes(ref.replicaId) ||
      cluster.replacing.includes(ref.replicaId)
    )
      return;
    const replicas = await store.replicas(handle.providerClusterId);
    const found = replicas.find(
      (r) =>
        r.replicaId === ref.replicaId &&
        r.application === ref.application &&
        r.deployment === ref.deployment,
    );
    if (!found || found.state === 'DRAINING') {
      throw new ProviderError(
        'not_found',
        `local: no replica ${ref.replicaId} in ${ref.application}/${ref.deployment}`,
      );
    }
  }

  const refuseEnded = (c: LocalClusterRecord) => {
    if (c.state !== 'RUNNING')
      throw new ProviderError(
        'invalid_request',
        `local: cluster ${c.providerClusterId} is ${c.state.toLowerCase()}`,
      );
  };

  const provider: LocalProvider = {
    kind: 'local',
    supervisor,

    async provisionCluster(spec: ClusterSpec): Promise<ClusterHandle> {
      const record = newClusterRecord(spec, options.workingDir ?? process.cwd(), clock());
      const { record: stored } = await store.createCluster(record);
      supervisor.wake();
      return { providerClusterId: stored.providerClusterId };
    },

    async describeCluster(handle: ClusterHandle): Promise<ClusterStatus> {
      const cluster = await store.getCluster(handle.providerClusterId);
      if (!cluster) throw notFound(handle);
      return describeLocalCluster(
        cluster,
        await store.replicas(cluster.providerClusterId),
        timings.crashLoopThreshold,
      );
    },

    setCapacity(handle: ClusterHandle, targets: DeploymentTarget[], key: string): Promise<void> {
      return keyed('setCapacity', handle, key, (c) => {
        refuseEnded(c);
        checkTargets(c, targets);
        return { ...c, deployments: withTargets(c.deployments, targets) };
      });
    },

    async updateInPlace(handle: ClusterHandle, update: InPlaceUpdate, key: string): Promise<void> {
      if (update.mode === 'heavy') await checkReplaceable(handle, update.replica);
      return keyed('updateInPlace', handle, key, (c) => {
        refuseEnded(c);
        for (const app of update.applications) {
          if (!app.command)
            throw new ProviderError(
              'invalid_request',
              `local: application ${app.name} has no command`,
            );
        }
        if (update.mode === 'light') {
          checkTargets(c, update.targets);
          return {
            ...c,
            applications: structuredClone(update.applications),
            deployments: withTargets(c.deployments, update.targets),
          };
        }
        // Heavy: the supervisor starts a successor for the replica (new command and env) and
        // drains the old one once the successor is ready (listed in replacedReplicaIds then).
        const { replicaId } = update.replica;
        if (c.replacedReplicaIds.includes(replicaId) || c.replacing.includes(replicaId))
          return null;
        return {
          ...c,
          env: { ...update.env },
          applications: structuredClone(update.applications),
          replacing: [...c.replacing, replicaId],
        };
      });
    },

    terminateCluster(handle: ClusterHandle, key: string): Promise<void> {
      return keyed('terminateCluster', handle, key, (c) =>
        c.state === 'RUNNING' ? { ...c, state: 'TERMINATING', terminatingAt: clock() } : { ...c },
      );
    },

    async findClusters(labels: Partial<ClusterLabels>) {
      const found = await store.findClusters(labels);
      return found.map((c) => ({
        handle: { providerClusterId: c.providerClusterId },
        labels: { ...c.labels },
        state: c.state,
      }));
    },

    async close(): Promise<void> {
      await supervisor.stop();
    },
  };

  if (options.supervise !== false) supervisor.start();
  return provider;
}
