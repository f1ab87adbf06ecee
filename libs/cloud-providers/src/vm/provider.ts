/**
 * The CloudProvider port over a VmBackend: what the aws and gcp adapters share. Nothing is kept
 * in memory between calls — every call lists the cluster's instances and reads the desired state
 * from the head node — so any worker process may make any call, and a crashed one loses nothing.
 *
 * Keys: each mutating call is remembered on the head as the digest of (method, key) once applied;
 * a replayed key is a no-op. A call that crashed half-way is replayed in full: its launches reuse
 * the same tokens (see reconcile.ts), so the cloud launches nothing twice.
 */
import type { DeploymentTarget } from '@switchyard/rollout';
import type { CatalogProvider } from '../catalog';
import {
  ProviderError,
  type ClusterHandle,
  type ClusterLabels,
  type ClusterSpec,
  type ClusterStatus,
  type CloudProvider,
  type CloudSpec,
  type InPlaceUpdate,
} from '../port';
import { createClusterActions, headOf, withKey, type KeyedCall } from './cluster-actions';
import { buildClusterStatus, clusterPhase } from './cluster-status';
import type { HealthProbe } from './health-probe';
import { replaceReplica } from './in-place';
import {
  healthOf,
  initialClusterState,
  launchSpecOf,
  serializeLaunchSpec,
  type LaunchSpecOptions,
} from './launch-spec';
import type { ClusterState, VmBackend, VmNode } from './model';
import { clusterIdOf, keyDigest, specHashOf } from './naming';
import { headRequest } from './node-requests';
import { isDown, isLive, planReplicas } from './reconcile';
import { deploymentKey, isValidTarget } from './replica-targets';

export type { KeyedCall } from './cluster-actions';

export interface VmProviderOptions {
  kind: 'aws' | 'gcp';
  backend: VmBackend;
  /** The cloud this provider is bound to (credentials, region): a spec for another is refused. */
  cloud: Pick<CloudSpec, 'provider' | 'region'>;
  launchSpec: LaunchSpecOptions & { catalog: CatalogProvider };
  clock: () => number;
  probe: HealthProbe;
  /** How long a scaled-down replica keeps serving its in-flight requests before its node stops. */
  drainMs: number;
  /**
   * The cloud forgets deleted instances at once (GCP): a terminated cluster cannot be told from
   * one that never existed, so terminating a cluster with no instances is a no-op rather than
   * `not_found` — a replayed terminate must not fail. (EC2 lists terminated instances for about
   * an hour, so AWS keeps `not_found` for unknown clusters.)
   */
  forgetsDeletedNodes: boolean;
}

export function createVmProvider(o: VmProviderOptions): CloudProvider {
  const { backend, clock, kind } = o;
  const catalog = o.launchSpec.catalog;
  const { load, finishDrains, probeReplicas, retireReplaced, currentSpec, apply, failCluster } =
    createClusterActions({
      kind,
      backend,
      catalog,
      clock,
      probe: o.probe,
      drainMs: o.drainMs,
    });
  const invalid = (message: string) => new ProviderError('invalid_request', `${kind}: ${message}`);
  const emptyState = (): ClusterState => ({
    targets: {},
    health: {},
    appliedKeys: [],
    specHash: '',
    port: o.launchSpec.port,
    failure: null,
    terminating: false,
  });

  /** Load → replay check → the change → remember the key on the head. */
  async function keyed(
    handle: ClusterHandle,
    method: string,
    key: string,
    change: (call: KeyedCall) => Promise<ClusterState>,
  ): Promise<void> {
    const { nodes, head, state } = await load(handle);
    if (!head || !state)
      throw invalid(`cluster ${handle.providerClusterId} has no head node (terminated)`);
    const digest = keyDigest(method, key);
    if (state.appliedKeys.includes(digest)) return;
    if (state.terminating || isDown(head))
      throw invalid(`cluster ${handle.providerClusterId} is terminated`);
    if (state.failure !== null)
      throw invalid(`cluster ${handle.providerClusterId} failed: ${state.failure}`);
    await finishDrains(nodes, clock());
    const call: KeyedCall = { nodes, head, state, digest, spec: () => currentSpec(nodes, state) };
    const next = await change(call);
    await backend.writeClusterState(head, withKey(next, digest));
  }

  function withTargets(state: ClusterState, targets: DeploymentTarget[]): ClusterState {
    for (const t of targets) {
      if (!(deploymentKey(t.application, t.deployment) in state.targets))
        throw invalid(`no deployment ${t.application}/${t.deployment} in this cluster`);
      if (!isValidTarget(t.target))
        throw invalid(`bad replica target for ${t.application}/${t.deployment}`);
    }
    const next = { ...state, targets: { ...state.targets } };
    for (const t of targets)
      next.targets[deploymentKey(t.application, t.deployment)] = { ...t.target };
    return next;
  }

  return {
    kind,

    async provisionCluster(spec: ClusterSpec) {
      if (spec.cloud.provider !== o.cloud.provider || spec.cloud.region !== o.cloud.region) {
        throw invalid(
          `this provider serves ${o.cloud.provider} ${o.cloud.region}; the cluster spec is for ${spec.cloud.provider} ${spec.cloud.region}`,
        );
      }
      const launch = launchSpecOf(spec, o.launchSpec);
      const document = serializeLaunchSpec(launch);
      const clusterId = clusterIdOf(spec.clusterKey);
      const handle = { providerClusterId: clusterId };
      const digest = keyDigest('provisionCluster', spec.clusterKey);
      let nodes = await backend.list({ clusterId });
      let head = headOf(nodes);
      if (head?.clusterState) {
        const phase = clusterPhase(head, [head]).state;
        if (
          head.clusterState.appliedKeys.includes(digest) ||
          (phase !== 'RUNNING' && phase !== 'PROVISIONING')
        )
          return handle;
      }
      try {
        if (!head) {
          const state = initialClusterState(spec, launch, specHashOf(document));
          [head] = await backend.launch([
            headRequest({ clusterId, spec, launch, specDocument: document, state, catalog }),
          ]);
          // The cloud deduplicated the launch (same token) of a head that has since been deleted:
          // this cluster ran and was terminated; a replayed provisioning starts nothing.
          if (!head) return handle;
          nodes = [...nodes.filter((n) => n.id !== head!.id), head];
        }
        const state = head.clusterState ?? initialClusterState(spec, launch, specHashOf(document));
        const call: KeyedCall = {
          nodes,
          head,
          state,
          digest,
          spec: async () => ({ spec: launch, document }),
        };
        await apply(call, planReplicas(nodes, state.targets, digest));
        await backend.writeClusterState(head, withKey(state, digest));
        return handle;
      } catch (error) {
        if (head && error instanceof ProviderError && !error.retryable) {
          throw new ProviderError(error.kind, await failCluster(clusterId, error.message), false);
        }
        throw error;
      }
    },

    async describeCluster(handle: ClusterHandle): Promise<ClusterStatus> {
      const now = clock();
      const { nodes, head, state } = await load(handle);
      await finishDrains(nodes, now);
      const cluster = state ?? emptyState();
      const running = clusterPhase(head, nodes).state === 'RUNNING';
      const ready = running ? await probeReplicas(nodes, cluster) : new Set<string>();
      if (running) await retireReplaced(nodes, ready, now);
      return buildClusterStatus({ nodes, head, state: cluster, ready, now });
    },

    setCapacity(handle: ClusterHandle, targets: DeploymentTarget[], key: string) {
      return keyed(handle, 'setCapacity', key, async (call) => {
        const next = withTargets(call.state, targets);
        await apply(call, planReplicas(call.nodes, next.targets, call.digest));
        return next;
      });
    },

    updateInPlace(handle: ClusterHandle, update: InPlaceUpdate, key: string) {
      return keyed(handle, 'updateInPlace', key, async (call) => {
        if (update.mode === 'heavy')
          return replaceReplica(call, update, { backend, catalog, invalid });
        const next = withTargets(call.state, update.targets);
        const health = healthOf(update.applications.filter((a) => a.name in next.health));
        await apply(call, planReplicas(call.nodes, next.targets, call.digest));
        return { ...next, health: { ...next.health, ...health } };
      });
    },

    async terminateCluster(handle: ClusterHandle, key: string) {
      const loaded = await load(handle).catch((error: unknown) => {
        if (o.forgetsDeletedNodes && error instanceof ProviderError && error.kind === 'not_found')
          return null;
        throw error;
      });
      if (!loaded) return; // deleted already (or never existed): nothing to stop
      const { nodes, head, state } = loaded;
      if (head && state && !state.terminating && isLive(head)) {
        await backend.writeClusterState(
          head,
          withKey({ ...state, terminating: true }, keyDigest('terminateCluster', key)),
        );
      }
      const live = nodes.filter(isLive);
      if (live.length > 0) await backend.terminate(live);
    },

    async findClusters(labels: Partial<ClusterLabels>) {
      const wanted = Object.entries(labels).filter(([, v]) => v !== undefined) as [
        keyof ClusterLabels,
        string,
      ][];
      const heads = (await backend.list({ headsWithLabels: labels })).filter(
        (h) => h.role === 'HEAD' && wanted.every(([k, v]) => h.labels[k] === v),
      );
      const byCluster = new Map<string, VmNode[]>();
      for (const h of heads) byCluster.set(h.clusterId, [...(byCluster.get(h.clusterId) ?? []), h]);
      return [...byCluster.entries()].map(([clusterId, candidates]) => {
        const head = headOf(candidates)!;
        return {
          handle: { providerClusterId: clusterId },
          labels: { ...head.labels },
          state: clusterPhase(head, [head]).state,
        };
      });
    },
  };
}
