import type { LoadReport, RoutingTable } from '@switchyard/routing';
import { DeploymentSlots, ReplicaSlot } from './replica-slots';
import { BalancerError, type Waiter } from './wait-queue';

/** A claimed slot on one replica; release exactly once when the request is over. */
export class Lease {
  private released = false;
  constructor(
    readonly replica: ReplicaSlot,
    private readonly balancer: ReplicaBalancer,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.balancer.release(this.replica);
  }
}

export type TryAcquireResult =
  | Lease
  /** Every routable replica is at its cap (or none is ready yet): queue. */
  | 'busy'
  /** Every routable replica was already tried by this request. */
  | 'exhausted'
  /** The deployment is not in the routing table any more: route the request again. */
  | 'gone';

export interface BalancerOptions {
  queueMaxLength: number;
  /** How long a replica that refused a connection is avoided (while others can serve). */
  unreachableCooldownMs: number;
  now?: () => number;
}

/**
 * Least-outstanding-requests inside a deployment, capped by `maxOngoingRequests` per replica,
 * with a short bounded FIFO queue when every replica is at its cap:
 * - only ready, non-draining replicas get new requests; draining or removed ones keep their
 *   in-flight requests to the end;
 * - among those below the cap, the one with the fewest requests in flight wins; ties go
 *   round-robin; a replica that just refused a connection loses to any other;
 * - when none has room, the request waits in the deployment's queue (bounded in length and
 *   wait) and is handed the next slot freed, or the next replica that becomes ready.
 */
export class ReplicaBalancer {
  private readonly groups = new Map<string, DeploymentSlots>();
  private readonly now: () => number;

  constructor(private readonly options: BalancerOptions) {
    this.now = options.now ?? Date.now;
  }

  static keyOf(serviceId: string, versionId: string, application: string, deployment: string) {
    return `${serviceId}\u0000${versionId}\u0000${application}\u0000${deployment}`;
  }

  /** Claims a slot at once, or says why not. Never waits. */
  tryAcquire(key: string, exclude?: ReadonlySet<ReplicaSlot>): TryAcquireResult {
    const group = this.groups.get(key);
    if (!group) return 'gone';
    const picked = this.pick(group, exclude);
    if (typeof picked === 'string') return picked;
    picked.ongoing++;
    return new Lease(picked, this);
  }

  /**
   * Waits in the deployment's queue for a slot, at most `maxWaitMs`. Rejects with a
   * BalancerError: `queue_full`, `queue_timeout`, `exhausted` or `gone`.
   */
  wait(
    key: string,
    exclude: ReadonlySet<ReplicaSlot> | undefined,
    maxWaitMs: number,
  ): { lease: Promise<Lease>; cancel: () => void } {
    const group = this.groups.get(key);
    if (!group) return rejected('gone');
    if (group.queue.length >= this.options.queueMaxLength || maxWaitMs <= 0)
      return rejected('queue_full');
    return group.queue.enqueue(exclude, maxWaitMs);
  }

  /**
   * Whether any replica of the deployment may take requests at all (at its cap or not). False
   * while it is scaled to zero or its replicas are starting: then a request waits for one to
   * become ready (up to its deadline) instead of the short overload queue.
   */
  hasRoutable(key: string): boolean {
    const group = this.groups.get(key);
    return !!group && group.replicas.some((r) => r.routable);
  }

  /** Avoid this replica for a while: it refused a connection (it is probably gone). */
  markUnreachable(replica: ReplicaSlot): void {
    replica.unreachableUntil = this.now() + this.options.unreachableCooldownMs;
  }

  /** Called by Lease.release. */
  release(replica: ReplicaSlot): void {
    replica.ongoing--;
    const group = replica.group;
    if (replica.removed && replica.ongoing === 0) {
      group.replicas = group.replicas.filter((r) => r !== replica);
      if (group.replicas.length === 0 && this.groups.get(group.key) !== group) return;
    }
    this.pump(group);
  }

  /**
   * Applies a new routing table: new replicas join, flags change in place, replicas that left
   * are marked removed (kept until their in-flight requests end), and deployments that left
   * send their queued requests back to be routed again (e.g. to the primary after a rollback).
   */
  sync(table: RoutingTable): void {
    const seen = new Set<string>();
    for (const entry of table.entries()) {
      for (const version of entry.versions) {
        for (const d of version.deployments) {
          const key = ReplicaBalancer.keyOf(
            entry.serviceId,
            version.versionId,
            d.application,
            d.deployment,
          );
          seen.add(key);
          let group = this.groups.get(key);
          if (!group) {
            group = new DeploymentSlots(
              key,
              entry.serviceId,
              version.versionId,
              d.application,
              d.deployment,
            );
            this.groups.set(key, group);
          }
          group.cap = d.maxOngoingRequests;
          const specs = new Map(d.replicas.map((r) => [r.replicaId, r]));
          const kept: ReplicaSlot[] = [];
          for (const slot of group.replicas) {
            const spec = specs.get(slot.replicaId);
            if (spec && spec.endpoint === slot.endpoint) {
              slot.ready = spec.ready;
              slot.draining = spec.draining;
              slot.removed = false;
              specs.delete(slot.replicaId);
              kept.push(slot);
            } else {
              slot.removed = true;
              if (slot.ongoing > 0) kept.push(slot);
            }
          }
          for (const spec of specs.values()) {
            kept.push(
              new ReplicaSlot(group, spec.replicaId, spec.endpoint, spec.ready, spec.draining),
            );
          }
          group.replicas = kept;
        }
      }
    }
    for (const [key, group] of this.groups) {
      if (seen.has(key)) {
        this.pump(group);
        continue;
      }
      for (const slot of group.replicas) slot.removed = true;
      group.replicas = group.replicas.filter((r) => r.ongoing > 0);
      this.groups.delete(key);
      group.queue.rejectAll('gone');
    }
  }

  /** Every replica's origin that may still get new requests (their pools stay open). */
  routableOrigins(): Set<string> {
    const origins = new Set<string>();
    for (const group of this.groups.values())
      for (const r of group.replicas) if (!r.draining && !r.removed) origins.add(r.origin);
    return origins;
  }

  /** This gateway's in-flight counts and queue lengths, for the Redis load report. */
  loads(): LoadReport {
    const report: LoadReport = { replicas: [], queues: [] };
    for (const g of this.groups.values()) {
      const where = {
        serviceId: g.serviceId,
        versionId: g.versionId,
        application: g.application,
        deployment: g.deployment,
      };
      for (const r of g.replicas)
        if (r.ongoing > 0)
          report.replicas.push({ ...where, replicaId: r.replicaId, ongoing: r.ongoing });
      if (g.queue.length > 0) report.queues.push({ ...where, queued: g.queue.length });
    }
    return report;
  }

  /** The group behind a key (tests and diagnostics). */
  group(key: string): DeploymentSlots | undefined {
    return this.groups.get(key);
  }

  private pick(
    group: DeploymentSlots,
    exclude: ReadonlySet<ReplicaSlot> | undefined,
  ): ReplicaSlot | 'busy' | 'exhausted' {
    const replicas = group.replicas;
    const n = replicas.length;
    if (n === 0) return 'busy';
    const start = group.cursor;
    group.cursor = (start + 1) % n;
    let best: ReplicaSlot | undefined;
    let bestScore = Infinity;
    let candidates = 0;
    let excluded = 0;
    let now = 0;
    for (let i = 0; i < n; i++) {
      const r = replicas[(start + i) % n]!;
      if (!r.routable) continue;
      if (exclude?.has(r)) {
        excluded++;
        continue;
      }
      candidates++;
      if (r.ongoing >= group.cap) continue;
      let score = r.ongoing;
      if (r.unreachableUntil > 0) {
        now ||= this.now();
        if (r.unreachableUntil > now) score += group.cap;
        else r.unreachableUntil = 0;
      }
      if (score < bestScore) {
        best = r;
        bestScore = score;
      }
    }
    if (best) return best;
    return candidates === 0 && excluded > 0 ? 'exhausted' : 'busy';
  }

  /** Hands free slots to queued requests, oldest first. */
  private pump(group: DeploymentSlots): void {
    if (group.queue.length === 0) return;
    group.queue.serve((waiter: Waiter) => {
      const picked = this.pick(group, waiter.exclude);
      if (picked === 'busy') return null;
      if (picked === 'exhausted') return new BalancerError('exhausted');
      picked.ongoing++;
      return new Lease(picked, this);
    });
  }
}

function rejected(kind: BalancerError['kind']): { lease: Promise<Lease>; cancel: () => void } {
  return { lease: Promise.reject(new BalancerError(kind)), cancel: () => undefined };
}
