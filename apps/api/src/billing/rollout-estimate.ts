import {
  estimateRollout,
  PRICE_CATALOG,
  versionOn,
  type RolloutEstimate,
  type VersionShape,
} from '@switchyard/billing';
import type { CloudProvider } from '@switchyard/db';
import { defaultSteps } from '@switchyard/rollout';
import { CONFIG_DEFAULTS, type ServiceConfig } from '@switchyard/service-config';
import type { DeployOptions } from '../services/rollout-plan';
import { usdOfMicros } from './money-fields';

/**
 * Expected time from "provision" to "replicas ready" per provider: an EC2 / Compute Engine VM
 * boots and pulls its image in about three minutes; local processes and the simulated cloud
 * start at once. The estimate prices both versions over it.
 */
export const EXPECTED_STARTUP_S: Record<CloudProvider, number> = {
  AWS: 180,
  GCP: 180,
  LOCAL: 0,
  SIM: 0,
};

export interface DeployShapes {
  provider: CloudProvider;
  config: ServiceConfig;
  next: VersionShape;
  /** The serving primary, null for a service's first version. */
  primary: VersionShape | null;
  options: DeployOptions;
  /** The engine's observation cadence (ROLLOUT_POLL_INTERVAL_S): a healthy canary is seen at the next poll. */
  pollIntervalS: number;
  /** UTC day whose prices apply. */
  day: string;
}

/**
 * What a deploy will cost: libs/billing's `estimateRollout` over the schedule the engine will
 * walk, from the canary's provisioning (start-up, then one poll for the engine to see it
 * healthy) to the old primary's termination after the drain. A first version has nothing to overlap (start-up only); an in-place update starts no
 * cluster (its cost is the steady state); a manual rollout's holds are the operator's, so only
 * the way to its first percentage and the drain are priced.
 */
export function deployEstimate(shapes: DeployShapes): RolloutEstimate {
  const { config, options } = shapes;
  const drainS = config.rollout?.drain_s ?? CONFIG_DEFAULTS.rollout.drain_s;
  // Both versions run from provisioning until the engine observes the canary healthy.
  const startupS = EXPECTED_STARTUP_S[shapes.provider] + shapes.pollIntervalS;
  if (!shapes.primary || options.in_place) {
    return estimateRollout(PRICE_CATALOG, {
      primary: null,
      canary: shapes.next,
      schedule: [{ percent: 100, holdS: 0 }],
      maxSurgePercent: null,
      startupS: options.in_place ? 0 : startupS,
      drainS: 0,
      day: shapes.day,
    });
  }
  const schedule =
    options.canary_percent !== undefined
      ? [{ percent: options.canary_percent, holdS: 0 }]
      : (config.rollout?.schedule?.map((s) => ({ percent: s.percent, holdS: s.hold_s })) ??
        defaultSteps());
  return estimateRollout(PRICE_CATALOG, {
    primary: shapes.primary,
    canary: shapes.next,
    schedule,
    maxSurgePercent: options.max_surge_percent ?? null,
    startupS,
    drainS,
    day: shapes.day,
  });
}

/** The estimate as the deploy answer shows it. */
export function serializeEstimate(estimate: RolloutEstimate, day: string) {
  return {
    steady_hourly_micros: estimate.steadyHourly,
    steady_hourly_usd: usdOfMicros(estimate.steadyHourly),
    rollout_micros: estimate.rolloutCost,
    rollout_usd: usdOfMicros(estimate.rolloutCost),
    rollout_duration_s: estimate.durationS,
    peak_instances: estimate.peak.instances,
    peak_gpus: estimate.peak.gpus,
    unpriced_instance_types: estimate.unpriced,
    price_catalog_date: versionOn(PRICE_CATALOG, day)?.effectiveFrom ?? null,
  };
}
