import {
  createSimProviderFromEnv,
  ProviderError,
  type CloudProvider,
  type OngoingRequestsSource,
} from '@switchyard/cloud-providers';
import type { CloudProvider as CloudKind } from '@switchyard/db';
import type { CloudAdapterCache } from './cloud-adapter-cache';
import { createLogger, type Logger } from '@switchyard/platform';
import { createWorkerLocalProvider, type WorkerLocalProviderConfig } from './local-provider';

/** What a provider call is for: the cluster's (or version's) kind of cloud and its record. */
export interface ProviderTarget {
  provider: CloudKind;
  cloudId: string;
}

export type ProviderFor = (target: ProviderTarget) => Promise<CloudProvider>;

export type ProviderRegistryConfig = WorkerLocalProviderConfig & {
  SWITCHYARD_ENABLE_SIM_PROVIDER: boolean;
  LOG_LEVEL: string;
};

/**
 * The adapter for each cloud. `LOCAL` (processes on this machine) is always present: it is the
 * embedded default. `SIM` is the simulated cloud (tests, benchmarks), present only when enabled.
 * `AWS` and `GCP` get one adapter per cloud record (its credentials and region), built on first
 * use. A kind without an adapter answers with a typed, non-retryable error, so a rollout onto it
 * fails with that reason in its timeline instead of hanging.
 */
export class ProviderRegistry {
  constructor(
    private readonly providers: Partial<Record<CloudKind, CloudProvider>>,
    private readonly onClose: () => Promise<void> = async () => undefined,
    private readonly cloudAdapters?: CloudAdapterCache,
  ) {}

  /**
   * Builds every adapter. The local provider starts supervising at once (restarting crashed
   * replicas needs no rollout), so call `close()` when the worker stops.
   */
  static fromEnv(
    env: ProviderRegistryConfig,
    processEnv: NodeJS.ProcessEnv,
    clock: () => number,
    deps: {
      logger?: Logger;
      ongoingRequests?: OngoingRequestsSource;
      cloudAdapters?: CloudAdapterCache;
    } = {},
  ): ProviderRegistry {
    const local = createWorkerLocalProvider(env, {
      logger: deps.logger ?? createLogger('worker', env.LOG_LEVEL),
      ongoingRequests: deps.ongoingRequests,
    });
    return new ProviderRegistry(
      {
        LOCAL: local.provider,
        ...(env.SWITCHYARD_ENABLE_SIM_PROVIDER
          ? { SIM: createSimProviderFromEnv(processEnv, clock) }
          : {}),
      },
      () => local.close(),
      deps.cloudAdapters,
    );
  }

  async for(target: ProviderTarget): Promise<CloudProvider> {
    const provider = this.providers[target.provider];
    if (provider) return provider;
    if ((target.provider === 'AWS' || target.provider === 'GCP') && this.cloudAdapters)
      return this.cloudAdapters.get(target.cloudId);
    throw new ProviderError(
      'invalid_request',
      `no ${target.provider} provider adapter is available in this Switchyard build`,
      false,
    );
  }

  /** Stops the local provider's supervisor (its replicas keep running) and its connections. */
  close(): Promise<void> {
    return this.onClose();
  }
}
