/**
 * What the VM provider does to a cluster between listing it and answering: finish drains, probe
 * replicas, retire replaced ones, read the launch spec back, launch and drain per plan, and fail
 * a provisioning cleanly. Each step works on the nodes just listed; nothing is cached.
 */
import type { CatalogProvider } from '../catalog';
import { ProviderError, type ClusterHandle } from '../port';
import type { HealthProbe } from './health-probe';
import { parseLaunchSpec } from './launch-spec';
import {
  MAX_APPLIED_KEYS,
  type ClusterState,
  type LaunchSpec,
  type VmBackend,
  type VmNode,
} from './model';
import { specHashOf } from './naming';
import { workerRequest } from './node-requests';
import { checkGroupSizes, groupFor } from './placement';
import { isDown, isLive, type ReplicaPlan } from './reconcile';

export interface ClusterActionsContext {
  kind: 'aws' | 'gcp';
  backend: VmBackend;
  catalog: CatalogProvider;
  clock: () => number;
  probe: HealthProbe;
  drainMs: number;
}

/** What a keyed mutation works on. */
export interface KeyedCall {
  nodes: VmNode[];
  head: VmNode;
  state: ClusterState;
  digest: string;
  /** The current launch spec, read back from a node on first use. */
  spec(): Promise<{ spec: LaunchSpec; document: string }>;
}

export const withKey = (state: ClusterState, digest: string): ClusterState => ({
  ...state,
  appliedKeys: [...state.appliedKeys.filter((k) => k !== digest), digest].slice(-MAX_APPLIED_KEYS),
});

/** The head: a live one first, then the oldest (there is one unless something went very wrong). */
export function headOf(nodes: VmNode[]): VmNode | undefined {
  return nodes
    .filter((n) => n.role === 'HEAD')
    .sort(
      (a, b) => Number(isDown(a)) - Number(isDown(b)) || (a.launchedAt ?? 0) - (b.launchedAt ?? 0),
    )[0];
}

export function createClusterActions(o: ClusterActionsContext) {
  const { backend, clock, kind, catalog } = o;

  async function load(handle: ClusterHandle) {
    const nodes = await backend.list({ clusterId: handle.providerClusterId });
    if (nodes.length === 0)
      throw new ProviderError(
        'not_found',
        `${kind}: no cluster ${handle.providerClusterId} (no instance carries its tag)`,
      );
    const head = headOf(nodes);
    return { nodes, head, state: head?.clusterState ?? null };
  }

  /** Drained nodes whose period is over stop now (checked on every call, so nothing waits on a timer). */
  async function finishDrains(nodes: VmNode[], now: number): Promise<void> {
    const due = nodes.filter(
      (n) => isLive(n) && n.drainingSince !== null && now >= n.drainingSince + o.drainMs,
    );
    if (due.length === 0) return;
    await backend.terminate(due);
    for (const n of due) n.lifecycle = 'stopping';
  }

  async function probeReplicas(nodes: VmNode[], state: ClusterState): Promise<Set<string>> {
    const candidates = nodes.filter(
      (n) =>
        n.role === 'WORKER' &&
        n.lifecycle === 'running' &&
        n.drainingSince === null &&
        n.privateIp &&
        n.replica,
    );
    const answers = await Promise.all(
      candidates.map(async (n) => {
        const health = state.health[n.replica!.application] ?? { path: '/', timeoutS: 5 };
        return (await o.probe(
          `http://${n.privateIp}:${state.port}${health.path}`,
          health.timeoutS * 1000,
        ))
          ? n.id
          : null;
      }),
    );
    return new Set(answers.filter((id): id is string => id !== null));
  }

  /** Heavy in-place: a ready successor retires its predecessor, which then drains. */
  async function retireReplaced(nodes: VmNode[], ready: Set<string>, now: number): Promise<void> {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const retire = nodes
      .filter((s) => s.replaces !== null && ready.has(s.id))
      .map((s) => byId.get(s.replaces!))
      .filter(
        (old): old is VmNode => old !== undefined && isLive(old) && old.drainingSince === null,
      );
    if (retire.length === 0) return;
    await backend.markDraining(retire, now);
    for (const n of retire) n.drainingSince = now;
  }

  /** The current launch spec, from a node launched with it (the head first). */
  async function currentSpec(
    nodes: VmNode[],
    state: ClusterState,
  ): Promise<{ spec: LaunchSpec; document: string }> {
    const carriers = nodes
      .filter((n) => n.specHash === state.specHash)
      .sort(
        (a, b) =>
          Number(b.role === 'HEAD') - Number(a.role === 'HEAD') ||
          Number(isDown(a)) - Number(isDown(b)),
      );
    for (const node of carriers) {
      const document = await backend.readSpec(node).catch((e: unknown) => {
        if (e instanceof ProviderError && e.kind === 'not_found') return null; // gone since listed: try the next
        throw e;
      });
      if (document !== null && specHashOf(document) === state.specHash)
        return { spec: parseLaunchSpec(document), document };
    }
    throw new ProviderError(
      'internal',
      `${kind}: no node of the cluster carries its launch spec ${state.specHash} any more`,
    );
  }

  /** Launches the planned replicas (refusing more nodes than a group's max_nodes), then marks the drains. */
  async function apply(call: KeyedCall, plan: ReplicaPlan): Promise<void> {
    if (plan.launches.length > 0) {
      const { spec, document } = await call.spec();
      const placed = plan.launches.map((l) => ({
        ...l,
        group: groupFor(spec.compute, spec.applications, l.replica),
      }));
      const drained = new Set(plan.drains.map((n) => n.id));
      const perGroup = new Map<string, number>();
      const count = (group: string) => perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
      call.nodes
        .filter(
          (n) => n.role === 'WORKER' && isLive(n) && n.drainingSince === null && !drained.has(n.id),
        )
        .forEach((n) => count(n.groupName));
      placed.forEach((p) => count(p.group.name));
      checkGroupSizes(spec.compute, perGroup);
      await backend.launch(
        placed.map((p) =>
          workerRequest({
            head: call.head,
            group: p.group,
            replica: p.replica,
            slot: p.slot,
            launchKey: call.digest,
            spec,
            specDocument: document,
            specHash: call.state.specHash,
            replaces: null,
            catalog,
          }),
        ),
      );
    }
    if (plan.drains.length > 0) await backend.markDraining(plan.drains, clock());
  }

  /** A provisioning that cannot complete leaves nothing running: the reason goes on the head, the nodes stop. */
  async function failCluster(clusterId: string, reason: string): Promise<string> {
    try {
      const nodes = await backend.list({ clusterId });
      const head = headOf(nodes);
      if (head?.clusterState && isLive(head))
        await backend.writeClusterState(head, { ...head.clusterState, failure: reason });
      const live = nodes.filter(isLive);
      if (live.length > 0) await backend.terminate(live);
      return reason;
    } catch (cleanup) {
      return `${reason} (stopping the partly launched cluster ${clusterId} also failed: ${cleanup instanceof Error ? cleanup.message : String(cleanup)})`;
    }
  }

  return { load, finishDrains, probeReplicas, retireReplaced, currentSpec, apply, failCluster };
}

export type ClusterActions = ReturnType<typeof createClusterActions>;
