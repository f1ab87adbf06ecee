import type { Lease } from './replica-balancer';
import type { ReplicaSlot } from './replica-slots';

/** Why a request could not get a replica slot. */
export class BalancerError extends Error {
  constructor(readonly kind: 'queue_full' | 'queue_timeout' | 'exhausted' | 'gone') {
    super(`no replica slot: ${kind}`);
    this.name = 'BalancerError';
  }
}

export interface Waiter {
  readonly exclude: ReadonlySet<ReplicaSlot> | undefined;
  resolve(lease: Lease): void;
  reject(error: BalancerError): void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The FIFO of requests waiting for a slot on one deployment. Bounded by the balancer (length)
 * and by each waiter's own timer (wait), so an overloaded deployment answers 503 quickly instead
 * of piling up requests nobody will wait for.
 */
export class WaitQueue {
  private waiters: Waiter[] = [];

  get length(): number {
    return this.waiters.length;
  }

  enqueue(
    exclude: ReadonlySet<ReplicaSlot> | undefined,
    maxWaitMs: number,
  ): { lease: Promise<Lease>; cancel: () => void } {
    let waiter!: Waiter;
    const lease = new Promise<Lease>((resolve, reject) => {
      waiter = { exclude, resolve, reject, timer: undefined };
    });
    waiter.timer = setTimeout(() => {
      if (this.remove(waiter)) waiter.reject(new BalancerError('queue_timeout'));
    }, maxWaitMs);
    this.waiters.push(waiter);
    return {
      lease,
      // The caller went away (client closed, deadline): leave the queue quietly.
      cancel: () => {
        if (this.remove(waiter)) {
          clearTimeout(waiter.timer);
          lease.catch(() => undefined);
          waiter.reject(new BalancerError('queue_timeout'));
        }
      },
    };
  }

  /**
   * Offers each waiter, oldest first, whatever `take` finds for it: a lease (served), an error
   * (rejected), or null (nothing for this one; later ones may differ by their exclusions).
   */
  serve(take: (waiter: Waiter) => Lease | BalancerError | null): void {
    for (let i = 0; i < this.waiters.length;) {
      const waiter = this.waiters[i]!;
      const result = take(waiter);
      if (result === null) {
        // Nothing free even for a waiter that excludes no replica: nothing is free for anyone.
        if (!waiter.exclude || waiter.exclude.size === 0) return;
        i++;
        continue;
      }
      this.waiters.splice(i, 1);
      clearTimeout(waiter.timer);
      if (result instanceof BalancerError) waiter.reject(result);
      else waiter.resolve(result);
    }
  }

  rejectAll(kind: BalancerError['kind']): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new BalancerError(kind));
    }
  }

  private remove(waiter: Waiter): boolean {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return false;
    this.waiters.splice(i, 1);
    return true;
  }
}
