import { z } from 'zod';

/**
 * Every background job Switchyard runs: its name and its payload schema. Producers (api,
 * worker) and the worker's handlers are typed from this one table, and the worker refuses to
 * start unless each name has exactly one handler.
 */
export const jobCatalog = {
  /** One step of a rollout: observe, decide, act, persist, schedule the next tick. */
  'rollout.tick': z.strictObject({ rolloutId: z.uuid() }),
  /** Terminates every cluster of a service that has no active rollout. */
  'service.terminate': z.strictObject({ serviceId: z.uuid() }),
  /** Re-enqueues a tick for every active rollout that has none pending (Redis flush, dead worker). */
  'rollouts.reconcile': z.strictObject({}),
  /** Publishes a service's routing entry after a change made outside a rollout tick (token rotation). */
  'service.publish-routing': z.strictObject({ serviceId: z.uuid() }),
  /** Re-observes the serving version of services with no active rollout (restarts, autoscaling) and republishes changed routes. */
  'clusters.observe': z.strictObject({}),
  /** Records every cluster's nodes (start/stop times, state) from its provider: what billing meters. */
  'clusters.sync-nodes': z.strictObject({}),
  /** Meters every node with usage since its last metering (idempotent) and closes ended months' invoices. */
  'billing.meter': z.strictObject({}),
} as const;

export type JobCatalog = typeof jobCatalog;
export type JobName = keyof JobCatalog;
export type JobPayload<N extends JobName> = z.infer<JobCatalog[N]>;

/** The BullMQ queue every job goes through (one queue: BullMQ spreads it across workers). */
export const QUEUE_NAME = 'switchyard';
