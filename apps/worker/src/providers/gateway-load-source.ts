import type { OngoingRequestsSource, ServiceLoad } from '@switchyard/cloud-providers';
import type { Redis } from '@switchyard/platform';
import { readReplicaLoads } from '@switchyard/routing';

/**
 * The local provider's autoscaling input: what every live gateway reports to Redis (requests in
 * flight per replica, requests queued per deployment), reshaped into the provider's port. Reads
 * are per service and cheap (one HMGET per gateway); a Redis error rejects, and the autoscaler
 * then holds its counts for that round rather than scaling on a guess.
 */
export class GatewayLoadSource implements OngoingRequestsSource {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async read(serviceId: string): Promise<ServiceLoad> {
    const summary = await readReplicaLoads(this.redis, this.prefix, serviceId);
    const perReplica = new Map<string, number>();
    for (const replica of summary.replicas) {
      // Already summed over gateways per (version, application, deployment, replica); a replica
      // id is unique on its own, so adding again only matters if two versions shared one.
      perReplica.set(replica.replicaId, (perReplica.get(replica.replicaId) ?? 0) + replica.ongoing);
    }
    const queued = summary.queues.map(({ versionId, application, deployment, queued: n }) => ({
      versionId,
      application,
      deployment,
      queued: n,
    }));
    return { perReplica, queued };
  }
}
