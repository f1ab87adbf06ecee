/**
 * The worker's local provider: records in Postgres, the supervisor lease on an advisory lock,
 * settings from the version's stored config, logs under LOCAL_PROVIDER_STATE_DIR. Every worker
 * process builds one; exactly one of them supervises (see advisory-lock-lease.ts), and all of
 * them answer describeCluster and take the engine's calls.
 */
import {
  createLocalProvider,
  type LocalProvider,
  type LocalTimings,
  type OngoingRequestsSource,
} from '@switchyard/cloud-providers';
import { createDb, type Db } from '@switchyard/db';
import type { Logger } from '@switchyard/platform';
import { AdvisoryLockLease } from './advisory-lock-lease';
import { PrismaLocalClusterSettings } from './local-cluster-settings';
import { PrismaLocalReplicaStore } from './local-replica-store';

export interface WorkerLocalProviderConfig {
  DATABASE_URL: string;
  LOCAL_PROVIDER_STATE_DIR: string;
  LOCAL_PROVIDER_DRAIN_PERIOD_S: number;
  LOCAL_PROVIDER_LOG_MAX_BYTES: number;
}

export interface WorkerLocalProviderDeps {
  logger: Logger;
  /** The gateways' load (libs/routing telemetry, adapted by the caller); without it autoscaling holds. */
  ongoingRequests?: OngoingRequestsSource;
  /** Shared Prisma client; otherwise one of its own (3 connections) is created and closed with it. */
  db?: Db;
  timings?: Partial<LocalTimings>;
  /** Default true. */
  supervise?: boolean;
}

export function createWorkerLocalProvider(
  config: WorkerLocalProviderConfig,
  deps: WorkerLocalProviderDeps,
): { provider: LocalProvider; close(): Promise<void> } {
  const db = deps.db ?? createDb(config.DATABASE_URL, { poolSize: 3 });
  const logger = deps.logger.child({ provider: 'local' });
  const provider = createLocalProvider({
    store: new PrismaLocalReplicaStore(db),
    lease: new AdvisoryLockLease(config.DATABASE_URL, logger),
    settings: new PrismaLocalClusterSettings(db),
    ongoingRequests: deps.ongoingRequests,
    stateDir: config.LOCAL_PROVIDER_STATE_DIR,
    logger,
    timings: {
      drainPeriodMs: config.LOCAL_PROVIDER_DRAIN_PERIOD_S * 1000,
      logMaxBytes: config.LOCAL_PROVIDER_LOG_MAX_BYTES,
      ...deps.timings,
    },
    supervise: deps.supervise,
  });
  return {
    provider,
    async close() {
      await provider.close();
      if (!deps.db) await db.$disconnect();
    },
  };
}
