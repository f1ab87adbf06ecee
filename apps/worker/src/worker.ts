import { PRICE_CATALOG } from '@switchyard/billing';
import { createDb } from '@switchyard/db';
import { handlerFor, JobQueue, TickChain } from '@switchyard/jobs';
import {
  createMetricsRegistry,
  createRedis,
  SecretBox,
  startOpsServer,
  type Logger,
} from '@switchyard/platform';
import { RoutingPublisher } from '@switchyard/routing';
import { Histogram } from 'prom-client';
import type { WorkerConfig } from './config';
import { InvoiceBook } from './billing/invoice-book';
import { MeteringJob } from './billing/metering-job';
import { NodeMeter } from './billing/node-meter';
import { NodeSync } from './clusters/node-sync';
import { SteadyObserver } from './clusters/steady-observer';
import { JobRunner } from './jobs/job-runner';
import { CloudAdapterCache } from './providers/cloud-adapter-cache';
import { GatewayLoadSource } from './providers/gateway-load-source';
import { ProviderRegistry, type ProviderFor } from './providers/provider-registry';
import { Reconciler } from './rollouts/reconciler';
import { terminateService } from './rollouts/terminate-service';
import { RolloutTicker } from './rollouts/tick';
import { tickJob } from './rollouts/tick-job';
import { servicesWithStaleRoutes } from './routing/route-repair';
import { BatchedLoader } from './db/batched-loader';
import { loadRoutingSources, routingEntryOf } from './routing/routing-entry';

export interface WorkerOverrides {
  providers?: ProviderRegistry;
  clock?: () => number;
  /** Benchmarks: every tick's duration in seconds, and every SQL statement. */
  onTick?: (seconds: number) => void;
  onQuery?: (event: { query: string }) => void;
}

/**
 * The worker process: BullMQ job handlers for rollout ticks, service termination and the
 * reconciler, each from the one job catalog; routing changes are published to gateways
 * after the tick's transaction has committed.
 */
export async function startWorker(
  config: WorkerConfig,
  logger: Logger,
  overrides: WorkerOverrides = {},
) {
  const clock = overrides.clock ?? Date.now;
  const db = createDb(config.DATABASE_URL, {
    poolSize: Math.min(20, config.WORKER_CONCURRENCY + 2),
    onQuery: overrides.onQuery,
  });
  const redis = createRedis(config.REDIS_URL);
  const jobs = new JobQueue(createRedis(config.REDIS_URL), config.REDIS_PREFIX);
  const registry = createMetricsRegistry('worker');
  const tickDuration = new Histogram({
    name: 'switchyard_rollout_tick_duration_seconds',
    help: 'Duration of one rollout tick (observe, decide, act, persist)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const providers =
    overrides.providers ??
    ProviderRegistry.fromEnv(config, process.env, clock, {
      logger,
      ongoingRequests: new GatewayLoadSource(redis, config.REDIS_PREFIX),
      cloudAdapters: new CloudAdapterCache(
        db,
        SecretBox.fromString(config.SWITCHYARD_MASTER_KEY),
        clock,
      ),
    });
  const providerFor: ProviderFor = (target) => providers.for(target);
  const ticker = new RolloutTicker(db, providerFor, clock, logger, tickDuration, overrides.onTick);
  const scheduler = new TickChain(jobs, redis, config.REDIS_PREFIX);
  const publisher = new RoutingPublisher(redis, config.REDIS_PREFIX);

  // Publishes that coincide (ticks finishing together) share one read.
  const routingSources = new BatchedLoader((ids) => loadRoutingSources(db, ids));
  const publishRouting = async (serviceId: string) => {
    const source = await routingSources.load(serviceId);
    if (!source) return;
    const entry = routingEntryOf(source, clock());
    if (entry) await publisher.publish(entry);
    else await publisher.remove(serviceId, source.service.routingRevision);
  };

  const republishStaleRoutes = async () => {
    const stale = await servicesWithStaleRoutes(db, redis, config.REDIS_PREFIX);
    for (const id of stale) await publishRouting(id);
    return stale.length;
  };
  const reconciler = new Reconciler(db, scheduler, jobs, clock, logger, republishStaleRoutes);
  const nodeSync = new NodeSync(db, providerFor, clock, logger);
  const steadyObserver = new SteadyObserver(db, providerFor, logger);
  const metering = new MeteringJob(
    new NodeMeter(db, PRICE_CATALOG, clock, logger),
    new InvoiceBook(db, clock, logger),
    logger,
  );

  const runner = new JobRunner({
    connection: createRedis(config.REDIS_URL),
    prefix: config.REDIS_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockMs: config.JOB_LOCK_MS,
    logger,
    handlers: [
      handlerFor(
        'rollout.tick',
        tickJob({ db, ticker, chain: scheduler, clock, logger, publishRouting }),
      ),
      handlerFor('service.terminate', async ({ serviceId }) => {
        if (await terminateService(db, serviceId, providerFor)) await publishRouting(serviceId);
      }),
      handlerFor('rollouts.reconcile', async () => {
        await reconciler.run();
      }),
      handlerFor('service.publish-routing', async ({ serviceId }) => {
        await publishRouting(serviceId);
      }),
      handlerFor('clusters.observe', async () => {
        const { changed } = await steadyObserver.run();
        for (const serviceId of changed) await publishRouting(serviceId);
      }),
      handlerFor('clusters.sync-nodes', async () => {
        await nodeSync.run();
      }),
      handlerFor('billing.meter', async () => {
        await metering.run();
      }),
    ],
  });

  runner.start();
  await reconciler.run();
  // The trigger lives in this process, not in Redis: a flushed Redis must not take the
  // reconciler with it. Every worker triggers; the job id per interval makes it run once.
  const reconcileTimer = setInterval(() => {
    const bucket = Math.floor(clock() / config.RECONCILE_INTERVAL_MS);
    jobs
      .enqueue('rollouts.reconcile', {}, { jobId: `reconcile-${bucket}`, attempts: 1 })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not trigger the reconciler'));
  }, config.RECONCILE_INTERVAL_MS);
  const observeTimer = setInterval(() => {
    const bucket = Math.floor(clock() / config.OBSERVE_INTERVAL_MS);
    jobs
      .enqueue('clusters.observe', {}, { jobId: `observe-${bucket}`, attempts: 1 })
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'could not trigger the steady observer'),
      );
  }, config.OBSERVE_INTERVAL_MS);
  const nodeSyncTimer = setInterval(() => {
    const bucket = Math.floor(clock() / config.NODE_SYNC_INTERVAL_MS);
    jobs
      .enqueue('clusters.sync-nodes', {}, { jobId: `sync-nodes-${bucket}`, attempts: 1 })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not trigger the node sync'));
  }, config.NODE_SYNC_INTERVAL_MS);
  const meterTimer = setInterval(() => {
    const bucket = Math.floor(clock() / config.BILLING_METER_INTERVAL_MS);
    jobs
      .enqueue('billing.meter', {}, { jobId: `billing-meter-${bucket}`, attempts: 1 })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not trigger billing metering'));
  }, config.BILLING_METER_INTERVAL_MS);

  const ops = await startOpsServer({
    host: config.WORKER_OPS_HOST,
    port: config.WORKER_OPS_PORT,
    registry,
    checks: [
      { name: 'postgres', check: () => db.$queryRaw`SELECT 1` },
      { name: 'redis', check: () => redis.ping() },
    ],
    logger,
  });
  logger.info({ opsPort: ops.port, concurrency: config.WORKER_CONCURRENCY }, 'worker started');
  return {
    opsPort: ops.port,
    reconciler,
    nodeSync,
    metering,
    stop: async () => {
      clearInterval(reconcileTimer);
      clearInterval(nodeSyncTimer);
      clearInterval(meterTimer);
      clearInterval(observeTimer);
      await runner.close();
      // Stops the local provider's supervisor; its replicas keep running for the next worker.
      await providers.close();
      await ops.close();
      await jobs.close();
      await db.$disconnect();
      await redis.quit();
    },
  };
}
