/** LaunchRequests for the head and for worker replicas: identities, tokens and names. */
import { findInstanceType, type CatalogProvider } from '../catalog';
import type { ClusterSpec } from '../port';
import type {
  ClusterState,
  LaunchRequest,
  LaunchSpec,
  NodeIdentity,
  ReplicaAssignment,
  VmNode,
  WorkerGroupSpec,
} from './model';
import { launchToken } from './naming';
import { deploymentKey } from './replica-targets';

/** Lower-case letters, digits and hyphens: valid in a GCP instance name, readable in the EC2 console. */
const nameSafe = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 20);

/** GPU model as the catalog spells it (what billing prices), else as the compute config does. */
function gpuTypeOf(catalog: CatalogProvider, group: WorkerGroupSpec): string | null {
  if (group.gpuCount === 0) return null;
  const known = findInstanceType(catalog, group.instanceType);
  return known?.gpus?.type ?? known?.attachableGpus?.type ?? group.gpuType;
}

export function headRequest(args: {
  clusterId: string;
  spec: ClusterSpec;
  launch: LaunchSpec;
  specDocument: string;
  state: ClusterState;
  catalog: CatalogProvider;
}): LaunchRequest {
  const instanceType = args.launch.compute.headNode.instanceType;
  const gpus = findInstanceType(args.catalog, instanceType)?.gpus ?? null;
  const identity: NodeIdentity = {
    clusterId: args.clusterId,
    clusterKey: args.spec.clusterKey,
    labels: { ...args.spec.labels },
    role: 'HEAD',
    groupName: 'head',
    instanceType,
    gpuType: gpus?.type ?? null,
    gpuCount: gpus?.count ?? 0,
    replica: null,
    replaces: null,
    launchKey: 'head',
    slot: 0,
    specHash: args.state.specHash,
  };
  return {
    identity,
    token: launchToken(args.clusterId, 'head', 'head', 0),
    name: `${args.clusterId}-head`,
    spec: args.launch,
    specDocument: args.specDocument,
    clusterState: args.state,
  };
}

export function workerRequest(args: {
  head: VmNode;
  group: WorkerGroupSpec;
  replica: ReplicaAssignment;
  slot: number;
  launchKey: string;
  spec: LaunchSpec;
  specDocument: string;
  specHash: string;
  replaces: string | null;
  catalog: CatalogProvider;
}): LaunchRequest {
  const { head, group } = args;
  const token = launchToken(
    head.clusterId,
    args.launchKey,
    deploymentKey(args.replica.application, args.replica.deployment),
    args.slot,
  );
  const identity: NodeIdentity = {
    clusterId: head.clusterId,
    clusterKey: head.clusterKey,
    labels: { ...head.labels },
    role: 'WORKER',
    groupName: group.name,
    instanceType: group.instanceType,
    gpuType: gpuTypeOf(args.catalog, group),
    gpuCount: group.gpuCount,
    replica: { ...args.replica },
    replaces: args.replaces,
    launchKey: args.launchKey,
    slot: args.slot,
    specHash: args.specHash,
  };
  return {
    identity,
    token,
    name: `${head.clusterId}-${nameSafe(group.name)}-${token.slice(-10)}`,
    spec: args.spec,
    specDocument: args.specDocument,
    clusterState: null,
  };
}
