import { Lease, type ReplicaBalancer } from './replica-balancer';
import type { ReplicaSlot } from './replica-slots';
import { BalancerError } from './wait-queue';

export type SlotResult = Lease | BalancerError['kind'];

/**
 * A slot on a replica of deployment `key`: at once if one is free, else through the
 * deployment's bounded queue for at most `maxWaitMs`. `onWait` receives the function that
 * leaves the queue (for the caller's deadline or departure); it is called with null once the
 * wait is over. Never throws.
 */
export async function acquireSlot(
  balancer: ReplicaBalancer,
  key: string,
  exclude: ReadonlySet<ReplicaSlot> | undefined,
  maxWaitMs: number,
  onWait: (cancel: (() => void) | null) => void,
): Promise<SlotResult> {
  const got = balancer.tryAcquire(key, exclude);
  if (got instanceof Lease || got !== 'busy') return got;
  const wait = balancer.wait(key, exclude, maxWaitMs);
  onWait(wait.cancel);
  try {
    return await wait.lease;
  } catch (error) {
    return error instanceof BalancerError ? error.kind : 'queue_timeout';
  } finally {
    onWait(null);
  }
}
