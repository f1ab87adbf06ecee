/**
 * describeCluster from the records alone: any worker may answer it, supervisor or not.
 *
 * - Replicas are listed once they have a port: `ready` = READY, `draining` = DRAINING. A
 *   deployment scaled to zero is listed with `desiredReplicas: 0` and no replicas (see the
 *   README: the gateway queues the first request, which wakes the autoscaler).
 * - An application is healthy when the cluster runs, every deployment that wants replicas has
 *   a ready one, and no replica of it is crash-looping (`crashLoopThreshold` failures in a row).
 * - One HEAD node (instance type `local`) from provisioning to termination: free, but metered.
 */
import type {
  ClusterStatus,
  DeploymentStatus,
  NodeInfo,
  ProviderClusterState,
  ReplicaInfo,
} from '../port';
import type { LocalClusterRecord, LocalReplicaRecord } from './records';

export function providerState(cluster: LocalClusterRecord): ProviderClusterState {
  return cluster.state;
}

export function headNode(cluster: LocalClusterRecord): NodeInfo {
  return {
    providerNodeId: `${cluster.providerClusterId}-head`,
    role: 'HEAD',
    groupName: 'head',
    instanceType: 'local',
    gpuType: null,
    gpuCount: 0,
    state: cluster.terminatedAt !== null ? 'STOPPED' : 'RUNNING',
    startedAt: cluster.createdAt,
    stoppedAt: cluster.terminatedAt,
  };
}

function replicaInfo(r: LocalReplicaRecord): ReplicaInfo | null {
  if (r.port === null) return null;
  return {
    replicaId: r.replicaId,
    endpoint: `http://127.0.0.1:${r.port}`,
    ready: r.state === 'READY',
    draining: r.state === 'DRAINING',
  };
}

export function describeLocalCluster(
  cluster: LocalClusterRecord,
  replicas: LocalReplicaRecord[],
  crashLoopThreshold: number,
): ClusterStatus {
  const state = providerState(cluster);
  const live = replicas.filter((r) => r.state !== 'STOPPED');
  const deployments: DeploymentStatus[] = cluster.deployments.map((d) => {
    const mine = live.filter(
      (r) => r.application === d.application && r.deployment === d.deployment,
    );
    const infos = mine.map(replicaInfo).filter((x): x is ReplicaInfo => x !== null);
    return {
      application: d.application,
      deployment: d.deployment,
      desiredReplicas: state === 'RUNNING' ? d.desired : 0,
      readyReplicas: infos.filter((r) => r.ready).length,
      replicas: state === 'TERMINATED' ? [] : infos,
    };
  });
  const applications = cluster.applications.map((app) => {
    let message: string | null = null;
    if (state !== 'RUNNING') message = `cluster ${state}`;
    else {
      const looping = live.find(
        (r) => r.application === app.name && r.crashStreak >= crashLoopThreshold,
      );
      const starving = deployments.find(
        (d) => d.application === app.name && d.desiredReplicas > 0 && d.readyReplicas === 0,
      );
      if (looping)
        message = `replica ${looping.replicaId} keeps failing (${looping.crashStreak} in a row): ${looping.lastFailure ?? 'unknown'}`;
      else if (starving) message = `no ready replica of ${starving.deployment} yet`;
    }
    return { name: app.name, healthy: message === null, message };
  });
  return {
    state,
    failureReason: null,
    healthy: state === 'RUNNING' && applications.every((a) => a.healthy),
    applications,
    deployments,
    nodes: [headNode(cluster)],
    replacedReplicaIds: [...cluster.replacedReplicaIds],
  };
}
