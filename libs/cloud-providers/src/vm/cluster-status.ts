/** ClusterStatus from what the cloud lists (pure; the probes' answers come in as `ready`). */
import type { ClusterStatus, DeploymentStatus, NodeInfo, ProviderClusterState } from '../port';
import type { ClusterState, VmNode } from './model';
import { isDown, isLive, replicaKeyOf, splitDeploymentKey } from './reconcile';
import { desiredReplicas } from './replica-targets';

export interface ClusterPhase {
  state: ProviderClusterState;
  failureReason: string | null;
}

/** The cluster's state, from its head node (and, while terminating, whether everything is down). */
export function clusterPhase(head: VmNode | undefined, nodes: VmNode[]): ClusterPhase {
  const allDown = nodes.every(isDown);
  const state = head?.clusterState;
  if (!head || !state) {
    return allDown
      ? { state: 'TERMINATED', failureReason: null }
      : { state: 'FAILED', failureReason: 'the cluster has no head node' };
  }
  if (state.terminating)
    return { state: allDown ? 'TERMINATED' : 'TERMINATING', failureReason: null };
  if (state.failure !== null) return { state: 'FAILED', failureReason: state.failure };
  if (isDown(head))
    return {
      state: 'FAILED',
      failureReason: `the head node ${head.id} stopped: ${head.stateReason ?? 'no reason given by the cloud'}`,
    };
  return { state: head.lifecycle === 'pending' ? 'PROVISIONING' : 'RUNNING', failureReason: null };
}

export function toNodeInfo(node: VmNode, now: number): NodeInfo {
  const down = isDown(node);
  return {
    providerNodeId: node.id,
    role: node.role,
    groupName: node.groupName,
    instanceType: node.instanceType,
    gpuType: node.gpuType,
    gpuCount: node.gpuCount,
    state: down ? 'STOPPED' : node.lifecycle === 'pending' ? 'PENDING' : 'RUNNING',
    startedAt: node.launchedAt,
    // The cloud stops billing once an instance shuts down; without a time from it, now.
    stoppedAt: down ? (node.stoppedAt ?? now) : null,
  };
}

/** Replicas retired by a heavy in-place update: a successor exists and the old one is on its way out. */
export function replacedReplicaIds(nodes: VmNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ids = nodes.map((n) => n.replaces).filter((r): r is string => r !== null);
  return [...new Set(ids)].filter((id) => {
    const old = byId.get(id);
    return old === undefined || isDown(old) || old.drainingSince !== null;
  });
}

export function buildClusterStatus(args: {
  nodes: VmNode[];
  head: VmNode | undefined;
  state: ClusterState;
  ready: ReadonlySet<string>;
  now: number;
}): ClusterStatus {
  const { nodes, state, ready, now } = args;
  const phase = clusterPhase(args.head, nodes);
  const over = phase.state === 'TERMINATED' || phase.state === 'TERMINATING';
  const deployments: DeploymentStatus[] = Object.entries(state.targets).map(([key, target]) => {
    const { application, deployment } = splitDeploymentKey(key);
    const replicas = nodes
      .filter(
        (n) =>
          n.role === 'WORKER' &&
          replicaKeyOf(n) === key &&
          (isLive(n) || n.lifecycle === 'stopping'),
      )
      .map((n) => {
        const draining = n.drainingSince !== null || !isLive(n);
        return {
          replicaId: n.id,
          endpoint: `http://${n.privateIp ?? '0.0.0.0'}:${state.port}`,
          ready: !draining && ready.has(n.id),
          draining,
        };
      });
    return {
      application,
      deployment,
      desiredReplicas: over ? 0 : desiredReplicas(target),
      readyReplicas: replicas.filter((r) => r.ready).length,
      replicas,
    };
  });
  const appNames = [
    ...new Set([...Object.keys(state.health), ...deployments.map((d) => d.application)]),
  ];
  const applications = appNames.map((name) => {
    let message: string | null = null;
    if (phase.state === 'FAILED') message = phase.failureReason;
    else if (phase.state !== 'RUNNING') message = `cluster ${phase.state}`;
    else {
      const starting = deployments.find(
        (d) => d.application === name && d.desiredReplicas > 0 && d.readyReplicas === 0,
      );
      if (starting) message = `starting: no ready replica of ${starting.deployment} yet`;
    }
    return { name, healthy: message === null, message };
  });
  return {
    state: phase.state,
    failureReason: phase.failureReason,
    healthy: phase.state === 'RUNNING' && applications.every((a) => a.healthy),
    applications,
    deployments,
    nodes: nodes.map((n) => toNodeInfo(n, now)),
    replacedReplicaIds: replacedReplicaIds(nodes),
  };
}
