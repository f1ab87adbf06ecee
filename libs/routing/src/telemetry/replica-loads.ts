import type { Redis } from '@switchyard/platform';
import { telemetryKeys } from './telemetry-keys';

/** Requests in flight on one replica (open WebSockets included). */
export interface ReplicaLoad {
  serviceId: string;
  versionId: string;
  application: string;
  deployment: string;
  replicaId: string;
  ongoing: number;
}

/** Requests waiting in gateways' bounded queues for a free slot on a deployment's replicas. */
export interface DeploymentQueueLoad {
  serviceId: string;
  versionId: string;
  application: string;
  deployment: string;
  queued: number;
}

/** What one gateway reports; zero counts are left out (absent means 0). */
export interface LoadReport {
  replicas: ReplicaLoad[];
  queues: DeploymentQueueLoad[];
}

/** The sum over every live gateway, and which gateways those were. */
export interface ReplicaLoadSummary extends LoadReport {
  gateways: string[];
}

/** One service's loads as one gateway stores them: compact tuples, one JSON value per service. */
interface StoredLoads {
  r: [versionId: string, application: string, deployment: string, replicaId: string, n: number][];
  q: [versionId: string, application: string, deployment: string, n: number][];
}

/** The hash field carrying the report time. Service ids are never empty, so it cannot collide. */
const REPORTED_AT_FIELD = '';
/** Index members older than this are pruned by writers (the hashes themselves expire far sooner). */
const INDEX_RETENTION_MS = 60 * 60 * 1000;

/**
 * Replaces this gateway's load report: one hash per gateway, rewritten whole in one MULTI and
 * expiring after `ttlMs`, so a gateway that dies stops counting within one TTL without anybody
 * cleaning up after it. Gateways report at least every second; a TTL of about three intervals
 * tolerates a late report or two.
 */
export async function writeReplicaLoads(
  redis: Redis,
  prefix: string,
  gatewayId: string,
  report: LoadReport,
  options: { ttlMs: number; now?: number },
): Promise<void> {
  if (gatewayId.length === 0) throw new Error('gatewayId is empty');
  const keys = telemetryKeys(prefix);
  const now = options.now ?? Date.now();
  const byService = new Map<string, StoredLoads>();
  const of = (serviceId: string) => {
    let stored = byService.get(serviceId);
    if (!stored) byService.set(serviceId, (stored = { r: [], q: [] }));
    return stored;
  };
  for (const r of report.replicas) {
    if (r.ongoing > 0)
      of(r.serviceId).r.push([r.versionId, r.application, r.deployment, r.replicaId, r.ongoing]);
  }
  for (const q of report.queues) {
    if (q.queued > 0) of(q.serviceId).q.push([q.versionId, q.application, q.deployment, q.queued]);
  }
  const fields: string[] = [REPORTED_AT_FIELD, String(now)];
  for (const [serviceId, stored] of byService) fields.push(serviceId, JSON.stringify(stored));

  const key = keys.loads(gatewayId);
  const replies = await redis
    .multi()
    .del(key)
    .hset(key, ...fields)
    .pexpire(key, Math.max(1, Math.round(options.ttlMs)))
    .zadd(keys.gateways, now, gatewayId)
    .zremrangebyscore(keys.gateways, '-inf', now - INDEX_RETENTION_MS)
    .exec();
  if (!replies) throw new Error('replica load report transaction was aborted');
  for (const [error] of replies) if (error) throw error;
}

/**
 * The current ongoing-request counts per replica (and queued requests per deployment), summed
 * over every gateway whose report has not expired. `serviceId` limits the read to one service.
 * For the local provider's autoscaler (target_ongoing_requests) and the console.
 */
export async function readReplicaLoads(
  redis: Redis,
  prefix: string,
  serviceId?: string,
): Promise<ReplicaLoadSummary> {
  const keys = telemetryKeys(prefix);
  const gatewayIds = await redis.zrange(keys.gateways, 0, -1);
  const pipeline = redis.pipeline();
  for (const id of gatewayIds) {
    if (serviceId === undefined) pipeline.hgetall(keys.loads(id));
    else pipeline.hmget(keys.loads(id), REPORTED_AT_FIELD, serviceId);
  }
  const replies = gatewayIds.length > 0 ? ((await pipeline.exec()) ?? []) : [];

  const replicas = new Map<string, ReplicaLoad>();
  const queues = new Map<string, DeploymentQueueLoad>();
  const live: string[] = [];
  replies.forEach(([error, value], i) => {
    if (error) throw error;
    let services: [string, string][];
    if (serviceId === undefined) {
      const hash = value as Record<string, string>;
      if (hash[REPORTED_AT_FIELD] === undefined) return; // expired: that gateway is gone
      services = Object.entries(hash).filter(([field]) => field !== REPORTED_AT_FIELD);
    } else {
      const [reportedAt, json] = value as [string | null, string | null];
      if (reportedAt === null) return;
      services = json === null ? [] : [[serviceId, json]];
    }
    live.push(gatewayIds[i]!);
    for (const [service, json] of services) {
      const stored = parseStored(json);
      if (!stored) continue;
      for (const [versionId, application, deployment, replicaId, n] of stored.r) {
        const key = JSON.stringify([service, versionId, application, deployment, replicaId]);
        const current = replicas.get(key);
        if (current) current.ongoing += n;
        else
          replicas.set(key, {
            serviceId: service,
            versionId,
            application,
            deployment,
            replicaId,
            ongoing: n,
          });
      }
      for (const [versionId, application, deployment, n] of stored.q) {
        const key = JSON.stringify([service, versionId, application, deployment]);
        const current = queues.get(key);
        if (current) current.queued += n;
        else queues.set(key, { serviceId: service, versionId, application, deployment, queued: n });
      }
    }
  });
  return { gateways: live.sort(), replicas: [...replicas.values()], queues: [...queues.values()] };
}

/** A stored value, or null if it is not what a writer of this version would write. */
function parseStored(json: string): StoredLoads | null {
  try {
    const value = JSON.parse(json) as StoredLoads;
    if (!Array.isArray(value?.r) || !Array.isArray(value?.q)) return null;
    return value;
  } catch {
    return null;
  }
}
