import { WaitQueue } from './wait-queue';

/**
 * One replica as the balancer tracks it. The object outlives routing-table swaps (matched by
 * replicaId and endpoint), so its in-flight count stays exact while weights and flags change.
 */
export class ReplicaSlot {
  /** Requests (and open WebSockets) this gateway has in flight on the replica. */
  ongoing = 0;
  ready: boolean;
  draining: boolean;
  /** No longer in the routing table; kept only until its in-flight requests finish. */
  removed = false;
  /** Until then, the replica refused a connection: prefer any other. */
  unreachableUntil = 0;
  /** `http://host:port`: the key of its upstream pool. */
  readonly origin: string;

  constructor(
    readonly group: DeploymentSlots,
    readonly replicaId: string,
    readonly endpoint: string,
    ready: boolean,
    draining: boolean,
  ) {
    this.ready = ready;
    this.draining = draining;
    this.origin = new URL(endpoint).origin;
  }

  /** May receive new requests at all (capacity aside). */
  get routable(): boolean {
    return this.ready && !this.draining && !this.removed;
  }
}

/** The replicas of one deployment of one version, and the requests queued for them. */
export class DeploymentSlots {
  replicas: ReplicaSlot[] = [];
  /** `maxOngoingRequests`: per-replica cap. */
  cap = 1;
  /** Rotates the scan's starting point so ties are broken round-robin. */
  cursor = 0;
  readonly queue = new WaitQueue();

  constructor(
    readonly key: string,
    readonly serviceId: string,
    readonly versionId: string,
    readonly application: string,
    readonly deployment: string,
  ) {}
}
