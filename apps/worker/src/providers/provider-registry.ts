import { createSimProviderFromEnv, ProviderError, type CloudProvider } from '@switchyard/cloud-providers';
import type { CloudProvider as CloudKind } from '@switchyard/db';

/**
 * The adapter for each kind of cloud. `SIM` is the simulated cloud (tests, benchmarks) and is
 * present only when enabled. Kinds whose adapter is not part of this build answer every call
 * with a typed, non-retryable error, so a rollout onto them fails with that reason in its
 * timeline instead of hanging.
 */
export class ProviderRegistry {
  constructor(private readonly providers: Partial<Record<CloudKind, CloudProvider>>) {}

  static fromEnv(env: { SWITCHYARD_ENABLE_SIM_PROVIDER: boolean }, processEnv: NodeJS.ProcessEnv, clock: () => number): ProviderRegistry {
    return new ProviderRegistry(env.SWITCHYARD_ENABLE_SIM_PROVIDER ? { SIM: createSimProviderFromEnv(processEnv, clock) } : {});
  }

  for(kind: CloudKind): CloudProvider {
    const provider = this.providers[kind];
    if (!provider) {
      throw new ProviderError('invalid_request', `no ${kind} provider adapter is available in this Switchyard build`, false);
    }
    return provider;
  }
}
