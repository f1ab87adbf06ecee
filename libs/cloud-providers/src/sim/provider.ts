/**
 * The `sim` provider: an in-process, deterministic fake cloud behind the CloudProvider port, for
 * engine tests and benchmarks (never a user's default). Nothing is launched and no endpoint is
 * ever contacted; time is whatever `clock()` says.
 *
 * Model:
 * - provisioning creates the cluster at once; it is PROVISIONING until `createdAt + nodeStartMs`
 *   (`runningAt`), then RUNNING (or FAILED with `provision_fail`);
 * - a replica is ready once `clock() >= startedAt + readyAfterMs (+ slow_start_ms)`, the cluster
 *   is RUNNING and no `unhealthy_after_ms` fault applies to its application; replicas of the
 *   initial targets start at `runningAt`, later ones when they are created;
 * - static target → exactly that many replicas; autoscaling → `max(initialReplicas, minReplicas)`
 *   (capped at `maxReplicas`); the sim never autoscales on load;
 * - scale-down marks the newest replicas draining (never ready); the next describeCluster reports
 *   them draining, the one after that no longer lists them;
 * - nodes: one HEAD node, plus per worker group `clamp(ceil(Σ replicas / perNode), minNodes,
 *   maxNodes)` WORKER nodes, where `perNode` = `floor(gpuCount / gpus)` for a GPU deployment on a
 *   GPU group and `replicasPerNode` (default 4) otherwise. GPU deployments go to the first group
 *   with GPUs, others to the first group; without compute config, one `default` group. Extra
 *   nodes are stopped newest first; stopped nodes stay listed (with `stoppedAt`) for billing;
 * - heavy in-place: a successor replica starts at once; when a describeCluster sees it ready the
 *   old replica is removed and its id is listed in `replacedReplicaIds` from then on.
 */
import type { DeploymentTarget, ReplicaRef, ReplicaTarget } from '@switchyard/rollout';
import {
  ProviderError,
  type ClusterHandle,
  type ClusterLabels,
  type ClusterSpec,
  type ClusterStatus,
  type CloudProvider,
  type DeploymentStatus,
  type InPlaceUpdate,
  type NodeInfo,
  type ProviderClusterState,
  type ProviderErrorKind,
} from '../port';
import { parseSimFaults, SIM_FAULT_ENV, type SimFault } from './faults';
import type { SimStore } from './store';
import type { SimCluster, SimDeployment, SimLedgerEntry, SimMethod, SimNode, SimReplica, SimState } from './state';

export interface SimProviderOptions {
  store: SimStore;
  /** Epoch ms. Tests pass a fake clock; a worker process passes `Date.now`. */
  clock: () => number;
  /** Replica start-up time. Default 0 (ready as soon as the cluster runs). */
  readyAfterMs?: number;
  /** Node (and cluster) start-up time. Default 0. */
  nodeStartMs?: number;
  /** Replicas per worker node for non-GPU placement. Default 4. */
  replicasPerNode?: number;
  /** Also record describeCluster / findClusters in the ledger. Default true. */
  ledgerReads?: boolean;
}

export type SimLedgerFilter = Partial<Pick<SimLedgerEntry, 'method' | 'key' | 'clusterKey' | 'providerClusterId' | 'outcome'>>;

export interface SimProvider extends CloudProvider {
  readonly kind: 'sim';
  readonly store: SimStore;
  /**
   * Adds faults for clusters whose `clusterKey` or `labels.versionId` equals `target` (kept in
   * the store, so every process sharing a FileSimStore sees them). `provision_fail` and
   * `capacity_error` only matter before the cluster is provisioned; the others apply at once.
   */
  injectFault(target: string, fault: SimFault | SimFault[] | string): Promise<void>;
  /** Removes the injected faults of `target`, or all injected faults. */
  clearFaults(target?: string): Promise<void>;
  /** The call ledger (a copy), optionally filtered by exact field values. */
  ledger(filter?: SimLedgerFilter): Promise<SimLedgerEntry[]>;
  /** A deep copy of the whole fake cloud. */
  snapshot(): Promise<SimState>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

const DEFAULT_GROUP = {
  name: 'default',
  instanceType: 'sim-standard',
  gpuType: null,
  gpuCount: 0,
  minNodes: 0,
  maxNodes: Number.MAX_SAFE_INTEGER,
};

/** Replicas a target asks for: static count, or the autoscaler's starting point. */
export function simDesiredReplicas(target: ReplicaTarget): number {
  if (target.kind === 'static') return target.replicas;
  const start = Math.max(target.initialReplicas, target.minReplicas);
  return Math.min(start, Math.max(target.maxReplicas, target.minReplicas));
}

function validTarget(t: ReplicaTarget): boolean {
  const ok = (n: number) => Number.isInteger(n) && n >= 0;
  return t.kind === 'static' ? ok(t.replicas) : ok(t.minReplicas) && ok(t.initialReplicas) && ok(t.maxReplicas);
}

/** Counts `applied` provisionCluster calls per clusterKey ("exactly one provision per cluster"). */
export function countProvisions(ledger: readonly SimLedgerEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of ledger) {
    if (e.method === 'provisionCluster' && e.outcome === 'applied' && e.clusterKey !== null) {
      counts[e.clusterKey] = (counts[e.clusterKey] ?? 0) + 1;
    }
  }
  return counts;
}

export function createSimProvider(options: SimProviderOptions): SimProvider {
  const { store, clock } = options;
  const readyAfterMs = options.readyAfterMs ?? 0;
  const nodeStartMs = options.nodeStartMs ?? 0;
  const replicasPerNode = Math.max(1, options.replicasPerNode ?? 4);
  const ledgerReads = options.ledgerReads ?? true;

  // ---- ledger / outcomes -------------------------------------------------------------------

  interface CallCtx {
    method: SimMethod;
    key: string | null;
    clusterKey: string | null;
    providerClusterId: string | null;
    at: number;
  }

  function record(state: SimState, ctx: CallCtx, outcome: SimLedgerEntry['outcome'], errorKind: ProviderErrorKind | null = null): void {
    if (outcome === 'read' && !ledgerReads) return;
    state.ledger.push({ seq: state.nextLedgerSeq++, ...ctx, outcome, errorKind });
  }

  function fail<T>(state: SimState, ctx: CallCtx, error: ProviderError): Outcome<T> {
    record(state, ctx, 'error', error.kind);
    return { ok: false, error };
  }

  function done<T>(state: SimState, ctx: CallCtx, outcome: SimLedgerEntry['outcome'], value: T): Outcome<T> {
    record(state, ctx, outcome);
    return { ok: true, value };
  }

  async function run<T>(fn: (state: SimState) => Outcome<T>): Promise<T> {
    const result = await store.update(fn);
    if (!result.ok) throw result.error;
    return result.value;
  }

  // ---- faults ------------------------------------------------------------------------------

  /** Injected faults (by clusterKey, then versionId) + the env's; throws on a bad env value. */
  function faultsOf(state: SimState, clusterKey: string, versionId: string, env: Record<string, string>): SimFault[] {
    const injected = [...(state.faults[clusterKey] ?? []), ...(versionId !== clusterKey ? (state.faults[versionId] ?? []) : [])];
    const fromEnv = env[SIM_FAULT_ENV];
    return fromEnv === undefined ? injected : [...injected, ...parseSimFaults(fromEnv)];
  }

  function clusterFaults(state: SimState, c: SimCluster): SimFault[] {
    try {
      return faultsOf(state, c.clusterKey, c.labels.versionId, c.env);
    } catch {
      return faultsOf(state, c.clusterKey, c.labels.versionId, {}); // env was validated when set
    }
  }

  /**
   * `unavailable`: every call throws while the fault is there. `throttle_once`: the first call
   * of each method per cluster throws (and is remembered).
   */
  function throttled(state: SimState, faults: SimFault[], clusterKey: string, method: SimMethod): ProviderError | null {
    if (faults.some((f) => f.kind === 'unavailable'))
      return new ProviderError('unavailable', `sim: ${method} unavailable (unavailable fault) for ${clusterKey}`);
    if (!faults.some((f) => f.kind === 'throttle_once')) return null;
    const mark = `${clusterKey}|${method}`;
    if (state.throttled[mark]) return null;
    state.throttled[mark] = true;
    return new ProviderError('throttled', `sim: ${method} throttled (throttle_once) for ${clusterKey}`);
  }

  const slowStartMs = (faults: SimFault[]) => faults.reduce((ms, f) => (f.kind === 'slow_start_ms' ? ms + f.ms : ms), 0);

  function unhealthyApps(c: SimCluster, faults: SimFault[], now: number): { all: boolean; apps: Set<string> } {
    const apps = new Set<string>();
    let all = false;
    for (const f of faults) {
      if (f.kind !== 'unhealthy_after_ms' || now < c.createdAt + f.ms) continue;
      if (f.application === null) all = true;
      else apps.add(f.application);
    }
    return { all, apps };
  }

  // ---- cluster model -----------------------------------------------------------------------

  function stateOf(c: SimCluster, now: number): ProviderClusterState {
    if (c.terminatedAt !== null) return 'TERMINATED';
    if (now < c.runningAt) return 'PROVISIONING';
    return c.failureReason !== null ? 'FAILED' : 'RUNNING';
  }

  function findDeployment(c: SimCluster, application: string, deployment: string): SimDeployment | undefined {
    return c.deployments.find((d) => d.application === application && d.deployment === deployment);
  }

  function newReplica(c: SimCluster, d: SimDeployment, startedAt: number, replaces: string | null): SimReplica {
    const n = d.nextReplicaNo++;
    return {
      replicaId: `${c.providerClusterId}:${d.application}:${d.deployment}:${n}`,
      n,
      endpoint: `http://sim.invalid/${encodeURIComponent(c.providerClusterId)}/${encodeURIComponent(d.application)}/${encodeURIComponent(d.deployment)}/${n}`,
      startedAt,
      draining: false,
      drainObserved: false,
      replaces,
    };
  }

  /** Replicas that count toward the target: not draining, not about to be replaced. */
  function activeCount(d: SimDeployment): number {
    const beingReplaced = new Set(d.replicas.filter((r) => r.replaces !== null && !r.draining).map((r) => r.replaces));
    return d.replicas.filter((r) => !r.draining && !beingReplaced.has(r.replicaId)).length;
  }

  /** Scale one deployment to its target: start new replicas, or drain the newest. */
  function scale(c: SimCluster, d: SimDeployment, now: number): void {
    if (c.failureReason !== null || c.terminatedAt !== null) return;
    const desired = simDesiredReplicas(d.target);
    let active = activeCount(d);
    while (active < desired) {
      d.replicas.push(newReplica(c, d, Math.max(now, c.runningAt), null));
      active++;
    }
    while (active > desired) {
      const victim = [...d.replicas].reverse().find((r) => !r.draining);
      if (victim === undefined) break;
      victim.draining = true;
      victim.replaces = null; // a drained successor gives its predecessor back its slot
      active = activeCount(d);
    }
  }

  /** Worker nodes sized to the replicas present (draining ones still occupy a node). */
  function reconcileNodes(c: SimCluster, now: number): void {
    if (c.terminatedAt !== null) return;
    const groups = c.compute === null ? [DEFAULT_GROUP] : c.compute.workerGroups;
    if (groups.length === 0) return; // everything runs on the head node
    const slots = new Map<string, number>(groups.map((g) => [g.name, 0]));
    if (c.failureReason === null) {
      for (const d of c.deployments) {
        const group = (d.gpus > 0 ? groups.find((g) => g.gpuCount > 0) : undefined) ?? groups[0]!;
        const perNode = d.gpus > 0 && group.gpuCount > 0 ? Math.max(1, Math.floor(group.gpuCount / d.gpus)) : replicasPerNode;
        slots.set(group.name, (slots.get(group.name) ?? 0) + d.replicas.length / perNode);
      }
    }
    for (const g of groups) {
      const wanted = c.failureReason !== null ? 0 : Math.min(Math.max(Math.ceil((slots.get(g.name) ?? 0) - 1e-9), g.minNodes), g.maxNodes);
      const live = c.nodes.filter((n) => n.role === 'WORKER' && n.groupName === g.name && n.stoppedAt === null);
      for (let i = live.length; i < wanted; i++) {
        c.nodes.push({
          providerNodeId: `${c.providerClusterId}-${g.name}-${c.nextNodeNo++}`,
          role: 'WORKER',
          groupName: g.name,
          instanceType: g.instanceType,
          gpuType: g.gpuType,
          gpuCount: g.gpuCount,
          startedAt: now,
          stoppedAt: null,
        });
      }
      for (let i = live.length - 1; i >= wanted; i--) live[i]!.stoppedAt = now;
    }
  }

  function stopAllNodes(c: SimCluster, at: number): void {
    for (const n of c.nodes) if (n.stoppedAt === null) n.stoppedAt = at;
  }

  function nodeInfo(n: SimNode, now: number): NodeInfo {
    const state = n.stoppedAt !== null && now >= n.stoppedAt ? 'STOPPED' : now < n.startedAt + nodeStartMs ? 'PENDING' : 'RUNNING';
    return { ...n, state };
  }

  /** Validates targets against the cluster's deployments; null when fine. */
  function badTargets(c: SimCluster, targets: DeploymentTarget[]): ProviderError | null {
    for (const t of targets) {
      if (findDeployment(c, t.application, t.deployment) === undefined) {
        return new ProviderError('invalid_request', `sim: no deployment ${t.application}/${t.deployment} in ${c.providerClusterId}`);
      }
      if (!validTarget(t.target)) {
        return new ProviderError('invalid_request', `sim: bad replica target for ${t.application}/${t.deployment}`);
      }
    }
    return null;
  }

  function applyTargets(c: SimCluster, targets: DeploymentTarget[], now: number): void {
    for (const t of targets) {
      const d = findDeployment(c, t.application, t.deployment)!;
      d.target = { ...t.target };
      scale(c, d, now);
    }
    reconcileNodes(c, now);
  }

  /** Lookup + throttle + replay check shared by the keyed mutations. */
  function keyedCall(
    state: SimState,
    ctx: CallCtx,
    handle: ClusterHandle,
  ): { kind: 'cluster'; cluster: SimCluster; faults: SimFault[] } | { kind: 'done'; outcome: Outcome<void> } {
    const c = state.clusters[handle.providerClusterId];
    if (c === undefined) return { kind: 'done', outcome: fail(state, ctx, notFound(handle)) };
    ctx.clusterKey = c.clusterKey;
    const faults = clusterFaults(state, c);
    const throttle = throttled(state, faults, c.clusterKey, ctx.method);
    if (throttle) return { kind: 'done', outcome: fail(state, ctx, throttle) };
    if (c.appliedKeys[`${ctx.method}:${ctx.key}`]) return { kind: 'done', outcome: done(state, ctx, 'noop', undefined) };
    return { kind: 'cluster', cluster: c, faults };
  }

  const notFound = (handle: ClusterHandle) => new ProviderError('not_found', `sim: no cluster ${handle.providerClusterId}`);
  const terminated = (c: SimCluster) => new ProviderError('invalid_request', `sim: cluster ${c.providerClusterId} is terminated`);

  // ---- describe ----------------------------------------------------------------------------

  function describe(c: SimCluster, faults: SimFault[], now: number): ClusterStatus {
    const state = stateOf(c, now);
    // Observation side effects: drained replicas go, ready successors retire their predecessors.
    const slow = slowStartMs(faults);
    const sick = unhealthyApps(c, faults, now);
    const isSick = (app: string) => sick.all || sick.apps.has(app);
    const isReady = (d: SimDeployment, r: SimReplica) =>
      state === 'RUNNING' && !r.draining && now >= r.startedAt + readyAfterMs + slow && !isSick(d.application);
    if (state === 'FAILED') stopAllNodes(c, c.runningAt);
    let changed = false;
    for (const d of c.deployments) {
      const before = d.replicas.length;
      d.replicas = d.replicas.filter((r) => !(r.draining && r.drainObserved));
      for (const r of d.replicas) {
        if (r.replaces === null || !isReady(d, r)) continue;
        const old = r.replaces;
        d.replicas = d.replicas.filter((o) => o.replicaId !== old);
        if (!c.replacedReplicaIds.includes(old)) c.replacedReplicaIds.push(old);
        r.replaces = null;
      }
      changed ||= d.replicas.length !== before;
    }
    if (changed) reconcileNodes(c, now);

    const deployments: DeploymentStatus[] = c.deployments.map((d) => {
      const replicas = d.replicas.map((r) => ({ replicaId: r.replicaId, endpoint: r.endpoint, ready: isReady(d, r), draining: r.draining }));
      for (const r of d.replicas) if (r.draining) r.drainObserved = true;
      return {
        application: d.application,
        deployment: d.deployment,
        desiredReplicas: c.terminatedAt !== null ? 0 : simDesiredReplicas(d.target),
        readyReplicas: replicas.filter((r) => r.ready).length,
        replicas,
      };
    });
    const appNames = [...new Set([...c.applications.map((a) => a.name), ...c.deployments.map((d) => d.application)])];
    const applications = appNames.map((name) => {
      let message: string | null = null;
      if (state === 'FAILED') message = c.failureReason;
      else if (state !== 'RUNNING') message = `cluster ${state}`;
      else if (isSick(name)) message = 'sim: unhealthy (unhealthy_after_ms fault)';
      else {
        const starting = deployments.find((d) => d.application === name && d.desiredReplicas > 0 && d.readyReplicas === 0);
        if (starting) message = `starting: no ready replica of ${starting.deployment} yet`;
      }
      return { name, healthy: message === null, message };
    });
    return {
      state,
      failureReason: state === 'FAILED' ? c.failureReason : null,
      healthy: applications.every((a) => a.healthy) && state === 'RUNNING',
      applications,
      deployments,
      nodes: c.nodes.map((n) => nodeInfo(n, now)),
      replacedReplicaIds: [...c.replacedReplicaIds],
    };
  }

  // ---- the port ----------------------------------------------------------------------------

  const provider: SimProvider = {
    kind: 'sim',
    store,

    provisionCluster(spec: ClusterSpec): Promise<ClusterHandle> {
      const now = clock();
      return run((state) => {
        const ctx: CallCtx = { method: 'provisionCluster', key: spec.clusterKey, clusterKey: spec.clusterKey, providerClusterId: null, at: now };
        let faults: SimFault[];
        try {
          faults = faultsOf(state, spec.clusterKey, spec.labels.versionId, spec.env);
        } catch (err) {
          return fail(state, ctx, err instanceof ProviderError ? err : new ProviderError('invalid_request', String(err)));
        }
        const throttle = throttled(state, faults, spec.clusterKey, 'provisionCluster');
        if (throttle) return fail(state, ctx, throttle);
        const existing = state.clusterKeys[spec.clusterKey];
        if (existing !== undefined) {
          ctx.providerClusterId = existing;
          return done(state, ctx, 'noop', { providerClusterId: existing });
        }
        if (faults.some((f) => f.kind === 'capacity_error')) {
          return fail(state, ctx, new ProviderError('capacity', `sim: insufficient capacity for ${spec.clusterKey} (capacity_error)`));
        }
        const providerClusterId = `sim-${state.nextClusterNo++}`;
        ctx.providerClusterId = providerClusterId;
        const failure = faults.find((f) => f.kind === 'provision_fail');
        const c: SimCluster = {
          providerClusterId,
          clusterKey: spec.clusterKey,
          labels: { ...spec.labels },
          createdAt: now,
          runningAt: now + nodeStartMs,
          terminatedAt: null,
          failureReason: failure?.kind === 'provision_fail' ? failure.reason : null,
          env: { ...spec.env },
          compute: spec.compute === null ? null : structuredClone(spec.compute),
          applications: structuredClone(spec.applications),
          deployments: [],
          nodes: [],
          nextNodeNo: 1,
          replacedReplicaIds: [],
          appliedKeys: {},
        };
        const addDeployment = (application: string, deployment: string, gpus: number): SimDeployment => {
          const d: SimDeployment = { application, deployment, target: { kind: 'static', replicas: 1 }, gpus, nextReplicaNo: 1, replicas: [] };
          c.deployments.push(d);
          return d;
        };
        for (const app of spec.applications) for (const dep of app.deployments) addDeployment(app.name, dep.name, dep.resources.gpus ?? 0);
        for (const t of spec.targets) {
          if (!validTarget(t.target)) return fail(state, ctx, new ProviderError('invalid_request', `sim: bad replica target for ${t.application}/${t.deployment}`));
          (findDeployment(c, t.application, t.deployment) ?? addDeployment(t.application, t.deployment, 0)).target = { ...t.target };
        }
        c.nodes.push({
          providerNodeId: `${providerClusterId}-head`,
          role: 'HEAD',
          groupName: 'head',
          instanceType: spec.compute?.headNode.instanceType ?? 'sim-head',
          gpuType: null,
          gpuCount: 0,
          startedAt: now,
          stoppedAt: null,
        });
        for (const d of c.deployments) scale(c, d, now);
        reconcileNodes(c, now);
        state.clusters[providerClusterId] = c;
        state.clusterKeys[spec.clusterKey] = providerClusterId;
        return done(state, ctx, 'applied', { providerClusterId });
      });
    },

    describeCluster(handle: ClusterHandle): Promise<ClusterStatus> {
      const now = clock();
      return run((state) => {
        const ctx: CallCtx = { method: 'describeCluster', key: null, clusterKey: null, providerClusterId: handle.providerClusterId, at: now };
        const c = state.clusters[handle.providerClusterId];
        if (c === undefined) return fail(state, ctx, notFound(handle));
        ctx.clusterKey = c.clusterKey;
        const faults = clusterFaults(state, c);
        const throttle = throttled(state, faults, c.clusterKey, 'describeCluster');
        if (throttle) return fail(state, ctx, throttle);
        return done(state, ctx, 'read', describe(c, faults, now));
      });
    },

    setCapacity(handle: ClusterHandle, targets: DeploymentTarget[], key: string): Promise<void> {
      const now = clock();
      return run((state) => {
        const ctx: CallCtx = { method: 'setCapacity', key, clusterKey: null, providerClusterId: handle.providerClusterId, at: now };
        const call = keyedCall(state, ctx, handle);
        if (call.kind === 'done') return call.outcome;
        const c = call.cluster;
        if (c.terminatedAt !== null) return fail(state, ctx, terminated(c));
        const bad = badTargets(c, targets);
        if (bad) return fail(state, ctx, bad);
        applyTargets(c, targets, now);
        c.appliedKeys[`setCapacity:${key}`] = true;
        return done(state, ctx, 'applied', undefined);
      });
    },

    updateInPlace(handle: ClusterHandle, update: InPlaceUpdate, key: string): Promise<void> {
      const now = clock();
      return run((state) => {
        const ctx: CallCtx = { method: 'updateInPlace', key, clusterKey: null, providerClusterId: handle.providerClusterId, at: now };
        const call = keyedCall(state, ctx, handle);
        if (call.kind === 'done') return call.outcome;
        const c = call.cluster;
        if (c.terminatedAt !== null) return fail(state, ctx, terminated(c));
        if (update.mode === 'light') {
          const bad = badTargets(c, update.targets);
          if (bad) return fail(state, ctx, bad);
          c.applications = structuredClone(update.applications);
          applyTargets(c, update.targets, now);
        } else {
          const outcome = replaceReplica(c, update.replica, now);
          if (outcome !== null) return fail(state, ctx, outcome);
          const envFault = update.env[SIM_FAULT_ENV];
          if (envFault !== undefined) {
            try {
              parseSimFaults(envFault);
            } catch (err) {
              return fail(state, ctx, err as ProviderError);
            }
          }
          c.env = { ...update.env };
          c.applications = structuredClone(update.applications);
          reconcileNodes(c, now);
        }
        c.appliedKeys[`updateInPlace:${key}`] = true;
        return done(state, ctx, 'applied', undefined);
      });
    },

    terminateCluster(handle: ClusterHandle, key: string): Promise<void> {
      const now = clock();
      return run((state) => {
        const ctx: CallCtx = { method: 'terminateCluster', key, clusterKey: null, providerClusterId: handle.providerClusterId, at: now };
        const call = keyedCall(state, ctx, handle);
        if (call.kind === 'done') return call.outcome;
        const c = call.cluster;
        c.appliedKeys[`terminateCluster:${key}`] = true;
        if (c.terminatedAt !== null) return done(state, ctx, 'noop', undefined);
        if (stateOf(c, now) === 'FAILED') stopAllNodes(c, c.runningAt); // they stopped when it failed
        c.terminatedAt = now;
        for (const d of c.deployments) d.replicas = [];
        stopAllNodes(c, now);
        return done(state, ctx, 'applied', undefined);
      });
    },

    findClusters(labels: Partial<ClusterLabels>) {
      const now = clock();
      const wanted = Object.entries(labels).filter(([, v]) => v !== undefined) as [keyof ClusterLabels, string][];
      const find = (state: SimState) =>
        Object.values(state.clusters)
          .filter((c) => wanted.every(([k, v]) => c.labels[k] === v))
          .map((c) => ({ handle: { providerClusterId: c.providerClusterId }, labels: { ...c.labels }, state: stateOf(c, now) }));
      if (!ledgerReads) return store.read(find);
      return run((state) => {
        const ctx: CallCtx = { method: 'findClusters', key: null, clusterKey: null, providerClusterId: null, at: now };
        return done(state, ctx, 'read', find(state));
      });
    },

    async injectFault(target: string, fault: SimFault | SimFault[] | string): Promise<void> {
      const faults = typeof fault === 'string' ? parseSimFaults(fault) : Array.isArray(fault) ? fault : [fault];
      await store.update((state) => {
        state.faults[target] = [...(state.faults[target] ?? []), ...structuredClone(faults)];
      });
    },

    async clearFaults(target?: string): Promise<void> {
      await store.update((state) => {
        if (target === undefined) state.faults = {};
        else delete state.faults[target];
      });
    },

    ledger(filter: SimLedgerFilter = {}): Promise<SimLedgerEntry[]> {
      const fields = Object.entries(filter) as [keyof SimLedgerEntry, unknown][];
      return store.read((state) => state.ledger.filter((e) => fields.every(([k, v]) => e[k] === v)).map((e) => ({ ...e })));
    },

    snapshot(): Promise<SimState> {
      return store.read((state) => structuredClone(state));
    },
  };

  /** Heavy in-place: start a successor for `ref`; null on success, or the error. */
  function replaceReplica(c: SimCluster, ref: ReplicaRef, now: number): ProviderError | null {
    const d = findDeployment(c, ref.application, ref.deployment);
    const old = d?.replicas.find((r) => r.replicaId === ref.replicaId && !r.draining);
    if (d === undefined || old === undefined) {
      if (c.replacedReplicaIds.includes(ref.replicaId)) return null; // already replaced
      return new ProviderError('not_found', `sim: no replica ${ref.replicaId} in ${ref.application}/${ref.deployment}`);
    }
    if (d.replicas.some((r) => r.replaces === old.replicaId)) return null; // replacement under way
    d.replicas.push(newReplica(c, d, Math.max(now, c.runningAt), old.replicaId));
    return null;
  }

  return provider;
}
