/**
 * What the local provider needs from the rest of Switchyard, as ports the worker implements:
 * the gateways' load figures (autoscaling), the version's settings the ClusterSpec does not
 * carry, and the "one supervisor per machine" lease.
 */
import type { ClusterLabels } from '../port';
import type { AutoscalingPolicy } from './records';

/** Requests waiting in the gateways' queues for one deployment of one version. */
export interface QueuedRequests {
  versionId: string;
  application: string;
  deployment: string;
  queued: number;
}

/** One service's load, summed over every live gateway. Absent means 0. */
export interface ServiceLoad {
  /** replicaId → requests in flight on that replica. */
  perReplica: ReadonlyMap<string, number>;
  /** What wakes a deployment scaled to zero: the gateway queues its first request here. */
  queued: readonly QueuedRequests[];
}

/**
 * The gateways' ongoing-request counts (the lead adapts libs/routing's `readReplicaLoads`:
 * `perReplica` from its `replicas[].{replicaId, ongoing}`, `queued` from its `queues`).
 * A rejection (Redis down) makes the autoscaler hold its current counts for that round.
 */
export interface OngoingRequestsSource {
  read(serviceId: string): Promise<ServiceLoad>;
}

/** Per-deployment settings of the version a cluster serves now. */
export interface DeploymentSettings {
  autoscaling?: AutoscalingPolicy;
  /** Ray Serve's graceful_shutdown_timeout_s: SIGTERM → SIGKILL. */
  gracefulShutdownTimeoutS?: number;
}

export interface LocalClusterSettings {
  /** The version the cluster serves now (differs from its label after an in-place update). */
  versionId: string;
  /** application → its runtime_env.env_vars (added to the cluster's env). */
  applicationEnv: Record<string, Record<string, string>>;
  /** `application/deployment` → settings. */
  deployments: Record<string, DeploymentSettings>;
}

/**
 * The service config's settings the port's ClusterSpec has no field for (target_ongoing_requests,
 * upscale/downscale delays, graceful_shutdown_timeout_s, runtime_env). The worker reads them from
 * the version the cluster belongs to; null (or no source) means defaults.
 */
export interface LocalClusterSettingsSource {
  settingsFor(cluster: {
    providerClusterId: string;
    labels: ClusterLabels;
  }): Promise<LocalClusterSettings | null>;
}

/**
 * "Only one process supervises the machine's replicas." `acquire` is called before every
 * supervisor round: true while this process holds (or just took) the lease. It must notice a
 * lost lease (a dropped Postgres connection) and answer false then.
 */
export interface SupervisorLease {
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/** Leases sharing one slot: a stand-in for the machine-wide lock in tests (one process). */
export class InMemorySupervisorLease implements SupervisorLease {
  constructor(private readonly slot: { holder: object | null } = { holder: null }) {}

  /** A second lease competing for the same slot (another "worker" on the same machine). */
  sibling(): InMemorySupervisorLease {
    return new InMemorySupervisorLease(this.slot);
  }

  async acquire(): Promise<boolean> {
    if (this.slot.holder === null) this.slot.holder = this;
    return this.slot.holder === this;
  }

  async release(): Promise<void> {
    if (this.slot.holder === this) this.slot.holder = null;
  }
}

/** Minimal logger (pino's satisfies it). */
export interface LocalProviderLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLocalLogger: LocalProviderLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
