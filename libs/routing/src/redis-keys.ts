/** Same rule as `REDIS_PREFIX` in the platform env schema. */
const prefixPattern = /^[a-z0-9:_-]+$/i;

/**
 * Where the routing table lives in Redis. All names hang off the installation's prefix, so
 * several installations (or test runs) share one Redis without seeing each other's routes.
 */
export interface RoutingKeys {
  /** Hash: serviceId → entry JSON (live services only). */
  entries: string;
  /** Hash: serviceId → latest revision, live or removed. A removed service keeps its revision
   * here (its tombstone) so an older publish arriving late cannot resurrect it. */
  revisions: string;
  /** Counter bumped by every applied change; lets subscribers detect a missed message. */
  version: string;
  /** Pub/sub channel carrying every applied change, in commit order. */
  channel: string;
}

/** Throws unless `prefix` is a valid installation prefix (shared by routing and telemetry keys). */
export function assertRedisPrefix(prefix: string): void {
  if (!prefixPattern.test(prefix))
    throw new Error(`invalid Redis prefix ${JSON.stringify(prefix)}`);
}

export function routingKeys(prefix: string): RoutingKeys {
  assertRedisPrefix(prefix);
  return {
    entries: `${prefix}:routing:entries`,
    revisions: `${prefix}:routing:revisions`,
    version: `${prefix}:routing:version`,
    channel: `${prefix}:routing:changes`,
  };
}
