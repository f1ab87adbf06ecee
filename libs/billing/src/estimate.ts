import { nextShiftStep, replicasAt, type ShiftPosition } from '@switchyard/rollout';
import { estimatedChargeFor, type Micros } from './money';
import { nodesFor, type ComputeShape, type DeploymentLoad, type NodeCount } from './footprint';
import { hourlyPrice, type PriceCatalog } from './price-catalog';

export interface VersionShape {
  /** null: no compute config (local processes, or a provider's default): nothing billable. */
  compute: ComputeShape | null;
  /** Deployments at full capacity. */
  deployments: readonly DeploymentLoad[];
}

export interface HourlyCost {
  hourly: Micros;
  nodes: NodeCount[];
  /** Instance types without a price: the estimate is a lower bound when this is not empty. */
  unpriced: string[];
}

/** What a version costs per hour at `percent` % of its capacity (replica counts rounded up, ≥ 1). */
export function hourlyCostAt(
  catalog: PriceCatalog,
  day: string,
  version: VersionShape,
  percent = 100,
): HourlyCost {
  if (!version.compute || percent <= 0) return { hourly: 0, nodes: [], unpriced: [] };
  const loads = version.deployments.map((d) => ({
    ...d,
    replicas: replicasAt(d.replicas, percent),
  }));
  const nodes = nodesFor(version.compute, loads);
  let hourly = 0;
  const unpriced: string[] = [];
  for (const node of nodes) {
    const price = hourlyPrice(catalog, node, day);
    if (price.ok) hourly += price.hourly * node.count;
    else unpriced.push(node.instanceType);
  }
  return { hourly, nodes, unpriced };
}

export interface RolloutEstimateInput {
  primary: VersionShape | null;
  canary: VersionShape;
  schedule: readonly { percent: number; holdS: number }[];
  /** `max_surge_percent`, or null for a full duplicate. */
  maxSurgePercent: number | null;
  /** Expected provisioning + start-up time of the canary before the first step. */
  startupS: number;
  /** The old primary's draining period after 100 %. */
  drainS: number;
  /** Day whose prices apply (YYYY-MM-DD). */
  day: string;
}

export interface RolloutEstimate {
  /** Steady state after the rollout: the new version alone at full capacity. */
  steadyHourly: Micros;
  /** The rollout itself: both versions' nodes for its expected duration. */
  rolloutCost: Micros;
  durationS: number;
  /** Highest node counts at any moment (primary + canary): what quotas are checked against. */
  peak: { instances: number; gpus: number };
  unpriced: string[];
}

/**
 * The cost of a rollout, walking its schedule the way the engine does (`nextShiftStep`): at each
 * step the canary's and the primary's capacities are priced for the step's hold (and the
 * start-up and drain periods), assuming capacity becomes ready instantly — so the estimate is
 * the schedule's cost, not the time spent waiting for slow nodes.
 *
 * Example (no surge): primary and canary each 1 × g5.xlarge ($1.006/h), schedule 50 % for 60 s
 * then 100 %, start-up 0, drain 0 → both run 60 s: 2 × 1.006 × 60 / 3600 = $0.033533.
 */
export function estimateRollout(
  catalog: PriceCatalog,
  input: RolloutEstimateInput,
): RolloutEstimate {
  const unpriced = new Set<string>();
  let peakInstances = 0;
  let peakGpus = 0;
  const priceBoth = (canaryCap: number, primaryCap: number) => {
    const canary = hourlyCostAt(catalog, input.day, input.canary, canaryCap);
    const primary = input.primary
      ? hourlyCostAt(catalog, input.day, input.primary, primaryCap)
      : { hourly: 0, nodes: [], unpriced: [] };
    const nodes = [...canary.nodes, ...primary.nodes];
    peakInstances = Math.max(
      peakInstances,
      nodes.reduce((n, x) => n + x.count, 0),
    );
    peakGpus = Math.max(
      peakGpus,
      nodes.reduce((n, x) => n + x.count * x.gpuCount, 0),
    );
    [...canary.unpriced, ...primary.unpriced].forEach((t) => unpriced.add(t));
    return canary.hourly + primary.hourly;
  };

  let position: ShiftPosition = {
    destCapacity: input.maxSurgePercent === null ? 100 : Math.min(100, input.maxSurgePercent),
    destTraffic: 0,
    sourceCapacity: 100,
  };
  let cost = 0;
  let duration = 0;
  const spend = (seconds: number) => {
    if (seconds <= 0) return;
    cost += estimatedChargeFor(
      priceBoth(position.destCapacity, input.primary ? position.sourceCapacity : 0),
      seconds,
    );
    duration += seconds;
  };
  spend(input.startupS);
  for (const step of input.schedule) {
    for (let guard = 0; guard < 1000; guard++) {
      const next = nextShiftStep(position, step.percent, input.maxSurgePercent);
      if (next.kind === 'atGoal') break;
      if (next.kind === 'scaleUpDest') position = { ...position, destCapacity: next.destCapacity };
      else if (next.kind === 'trimSource')
        position = { ...position, sourceCapacity: next.sourceCapacity };
      else
        position = {
          ...position,
          destTraffic: next.destTraffic,
          sourceCapacity: next.sourceCapacity,
        };
      priceBoth(position.destCapacity, input.primary ? position.sourceCapacity : 0); // peaks of transient positions
    }
    spend(step.percent >= 100 ? 0 : step.holdS);
  }
  // At 100 % the old primary keeps serving in-flight requests while it drains, then stops.
  spend(input.drainS);

  const steady = hourlyCostAt(catalog, input.day, input.canary, 100);
  steady.unpriced.forEach((t) => unpriced.add(t));
  return {
    steadyHourly: steady.hourly,
    rolloutCost: cost,
    durationS: duration,
    peak: { instances: peakInstances, gpus: peakGpus },
    unpriced: [...unpriced],
  };
}
