/**
 * The script every node boots with (EC2 user data, GCP `startup-script` metadata). The contract
 * with the version's image, documented in libs/cloud-providers/README.md:
 *
 * - a worker node runs exactly one container of `image_uri`, named `switchyard-replica`, with
 *   `--restart unless-stopped` (Docker restarts a crashed replica and starts it again at boot);
 * - the container gets the version's env vars plus `PORT`, `SWITCHYARD_APPLICATION`,
 *   `SWITCHYARD_DEPLOYMENT`, `SWITCHYARD_ROUTE_PREFIX`, `SWITCHYARD_HEALTH_CHECK_PATH`,
 *   `SWITCHYARD_IMPORT_PATH` (when set) and `SWITCHYARD_CLUSTER_ID`; it must serve HTTP on
 *   `$PORT`, published on the node's private IP at the same port;
 * - the replica is ready when `GET http://<private ip>:$PORT<health check path>` answers 2xx;
 * - GPU nodes pass the GPUs through (`--gpus all` with the NVIDIA container toolkit on the AWS
 *   Deep Learning AMI; the driver install + device mounts Google documents for
 *   Container-Optimized OS);
 * - the head node runs no replica.
 *
 * The env file is written base64-encoded so no value (quotes, newlines, `$`) can break out of
 * the script; values are single-quoted for the shell when it is sourced.
 */
import type { LaunchSpec, NodeIdentity } from './model';

export type GpuRuntime = 'nvidia-container-toolkit' | 'cos-extensions';

export const REPLICA_CONTAINER = 'switchyard-replica';
const ENV_FILE = '/etc/switchyard/replica.env';

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The environment of a worker's container: the version's env, then Switchyard's (which win). */
export function replicaEnv(identity: NodeIdentity, spec: LaunchSpec): Record<string, string> {
  const replica = identity.replica!;
  const app = spec.applications.find((a) => a.name === replica.application);
  const own: Record<string, string> = {
    PORT: String(spec.port),
    SWITCHYARD_APPLICATION: replica.application,
    SWITCHYARD_DEPLOYMENT: replica.deployment,
    SWITCHYARD_ROUTE_PREFIX: app?.routePrefix ?? '/',
    SWITCHYARD_HEALTH_CHECK_PATH: app?.healthCheck.path ?? '/',
    SWITCHYARD_CLUSTER_ID: identity.clusterId,
  };
  if (app?.importPath) own['SWITCHYARD_IMPORT_PATH'] = app.importPath;
  return { ...spec.env, ...own };
}

function header(identity: NodeIdentity): string[] {
  const { labels } = identity;
  return [
    '#!/bin/bash',
    `# Switchyard ${identity.role === 'HEAD' ? 'head' : 'worker'} node of cluster ${identity.clusterId}`,
    `# service ${labels.serviceName}, version ${labels.versionName}; see libs/cloud-providers/README.md`,
    'set -euo pipefail',
  ];
}

function gpuSetup(runtime: GpuRuntime, gpuCount: number): { setup: string[]; flags: string[] } {
  if (gpuCount === 0) return { setup: [], flags: [] };
  if (runtime === 'nvidia-container-toolkit') return { setup: [], flags: ['--gpus all'] };
  const devices = [
    ...Array.from({ length: gpuCount }, (_, i) => `/dev/nvidia${i}`),
    '/dev/nvidia-uvm',
    '/dev/nvidiactl',
  ];
  return {
    setup: [
      'cos-extensions install gpu',
      'mount --bind /var/lib/nvidia /var/lib/nvidia',
      'mount -o remount,exec /var/lib/nvidia',
    ],
    flags: [
      '--volume /var/lib/nvidia/lib64:/usr/local/nvidia/lib64',
      '--volume /var/lib/nvidia/bin:/usr/local/nvidia/bin',
      ...devices.map((d) => `--device ${d}:${d}`),
    ],
  };
}

export function renderStartupScript(
  identity: NodeIdentity,
  spec: LaunchSpec,
  gpuRuntime: GpuRuntime,
): string {
  if (identity.role === 'HEAD') {
    return [
      ...header(identity),
      '# The head node runs no replica: its tags/labels hold the cluster state.',
      'exit 0',
      '',
    ].join('\n');
  }
  const env = replicaEnv(identity, spec);
  const envFile = Object.entries(env)
    .map(([k, v]) => `${k}=${shellQuote(v)}\n`)
    .join('');
  const gpu = gpuSetup(gpuRuntime, identity.gpuCount);
  const run = [
    'docker run -d',
    `--name ${REPLICA_CONTAINER}`,
    '--restart unless-stopped',
    `-p ${spec.port}:${spec.port}`,
    ...gpu.flags,
    ...Object.keys(env).map((k) => `-e ${k}`),
    shellQuote(spec.imageUri),
  ].join(' ');
  return [
    ...header(identity),
    `# replica of ${identity.replica!.application}/${identity.replica!.deployment}`,
    'install -d -m 0700 /etc/switchyard',
    `echo ${Buffer.from(envFile).toString('base64')} | base64 -d > ${ENV_FILE}`,
    `chmod 0600 ${ENV_FILE}`,
    ...gpu.setup,
    `set -a; . ${ENV_FILE}; set +a`,
    `docker rm -f ${REPLICA_CONTAINER} >/dev/null 2>&1 || true`,
    run,
    '',
  ].join('\n');
}
