/**
 * The `instances.insert` body of one node: machine type, GPUs, scheduling, labels, metadata
 * (startup script, identity, launch spec, cluster state), boot disk, network, service account.
 *
 * GPUs: T4s are attached to N1 machine types as `guestAccelerators`; G2 (L4), A2 (A100) and A3
 * (H100) machine types come with their GPUs attached, and Google documents that no accelerator is
 * specified for them. Every GPU node gets `onHostMaintenance: TERMINATE` (GPU VMs cannot
 * live-migrate); CPU nodes keep the default live migration.
 */
import type { protos } from '@google-cloud/compute';
import { findInstanceType, GCP_ACCELERATOR_TYPES } from '../catalog';
import type { LaunchRequest } from '../vm/model';
import { renderStartupScript } from '../vm/startup-script';
import type { GcpCloudConfig } from './cloud-config';
import { identityLabels, METADATA } from './labels';

type Instance = protos.google.cloud.compute.v1.IInstance;

export const NODE_NETWORK_TAG = 'switchyard-node';
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export function instanceResource(
  request: LaunchRequest,
  args: { config: GcpCloudConfig; bootImage: string; diskSizeGb: number },
): Instance {
  const { config } = args;
  const { identity } = request;
  const type = findInstanceType('GCP', identity.instanceType);
  const attachT4 =
    identity.gpuCount > 0 &&
    !type?.gpus &&
    type?.attachableGpus !== null &&
    type?.attachableGpus !== undefined;
  const metadata = [
    {
      key: METADATA.startupScript,
      value: renderStartupScript(identity, request.spec, 'cos-extensions'),
    },
    { key: METADATA.node, value: JSON.stringify(identity) },
    { key: METADATA.spec, value: request.specDocument },
    ...(request.clusterState
      ? [{ key: METADATA.state, value: JSON.stringify(request.clusterState) }]
      : []),
  ];
  const labels = identityLabels(identity);
  const resource: Instance = {
    name: request.name,
    description: `Switchyard ${identity.role === 'HEAD' ? 'head' : 'worker'} node of cluster ${identity.clusterId}`,
    machineType: `zones/${config.zone}/machineTypes/${identity.instanceType}`,
    labels,
    tags: { items: [NODE_NETWORK_TAG] },
    metadata: { items: metadata },
    disks: [
      {
        boot: true,
        autoDelete: true,
        initializeParams: { sourceImage: args.bootImage, diskSizeGb: args.diskSizeGb, labels },
      },
    ],
    networkInterfaces: [
      { network: config.network, ...(config.subnetwork ? { subnetwork: config.subnetwork } : {}) },
    ],
    scheduling:
      identity.gpuCount > 0
        ? { onHostMaintenance: 'TERMINATE', automaticRestart: true }
        : { automaticRestart: true },
  };
  if (attachT4) {
    resource.guestAccelerators = [
      {
        acceleratorType: `zones/${config.zone}/acceleratorTypes/${GCP_ACCELERATOR_TYPES[identity.gpuType ?? 'T4']}`,
        acceleratorCount: identity.gpuCount,
      },
    ];
  }
  if (config.nodeServiceAccount)
    resource.serviceAccounts = [
      { email: config.nodeServiceAccount, scopes: [CLOUD_PLATFORM_SCOPE] },
    ];
  return resource;
}
