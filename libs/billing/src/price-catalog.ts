import { dollarsToMicros, type Micros } from './money';
import { AWS_US_EAST_1_HOURLY } from './prices/aws-us-east-1';
import {
  GCP_US_CENTRAL1_ATTACHED_GPU_HOURLY,
  GCP_US_CENTRAL1_HOURLY,
} from './prices/gcp-us-central1';

/** One dated version of the price list. Versions never change once published; a new one is added. */
export interface PriceCatalogVersion {
  /** UTC day (YYYY-MM-DD) from which these prices apply. */
  effectiveFrom: string;
  source: string;
  /** Instance type → USD per hour (decimal string, exact). */
  instances: Readonly<Record<string, string>>;
  /** GPU type → USD per GPU-hour, for GPUs attached to a machine whose price excludes them (GCP N1 + T4). */
  attachedGpus: Readonly<Record<string, string>>;
}

export interface PriceCatalog {
  versions: readonly PriceCatalogVersion[];
}

/**
 * Types that cost nothing: replicas run as processes on the control plane's own machine
 * (`local`) or nowhere at all (the simulated cloud's defaults, for tests and benchmarks).
 */
const FREE: Readonly<Record<string, string>> = { local: '0', 'sim-head': '0', 'sim-standard': '0' };

export const PRICE_CATALOG: PriceCatalog = {
  versions: [
    {
      effectiveFrom: '2025-01-01',
      source:
        'AWS EC2 On-Demand, Linux, us-east-1; Google Compute Engine on-demand, us-central1 (public price lists); local and sim types are free',
      instances: { ...AWS_US_EAST_1_HOURLY, ...GCP_US_CENTRAL1_HOURLY, ...FREE },
      attachedGpus: GCP_US_CENTRAL1_ATTACHED_GPU_HOURLY,
    },
  ],
};

/** What a node costs per hour: its machine, plus attached GPUs where the machine price excludes them. */
export interface NodePriceInput {
  instanceType: string;
  gpuType: string | null;
  gpuCount: number;
}

export type PriceLookup =
  { ok: true; hourly: Micros; catalogDate: string } | { ok: false; reason: string };

/** The catalog version in force on `day` (YYYY-MM-DD): the latest one effective on or before it. */
export function versionOn(catalog: PriceCatalog, day: string): PriceCatalogVersion | undefined {
  let found: PriceCatalogVersion | undefined;
  for (const version of catalog.versions) {
    if (version.effectiveFrom <= day && (!found || version.effectiveFrom > found.effectiveFrom))
      found = version;
  }
  return found;
}

/**
 * The hourly price of one node on `day`. GPUs are included in the machine price unless the
 * catalog lists the GPU type as attached (GCP N1 + T4), in which case `gpuCount` of them are
 * added. An unknown type is not silently free: the caller reports it as unpriced.
 */
export function hourlyPrice(catalog: PriceCatalog, node: NodePriceInput, day: string): PriceLookup {
  const version = versionOn(catalog, day);
  if (!version) return { ok: false, reason: `no price catalog in force on ${day}` };
  const machine = version.instances[node.instanceType];
  if (machine === undefined)
    return {
      ok: false,
      reason: `no price for instance type "${node.instanceType}" in the catalog of ${version.effectiveFrom}`,
    };
  let hourly = dollarsToMicros(machine);
  const attached = node.gpuType !== null ? version.attachedGpus[node.gpuType] : undefined;
  if (attached !== undefined && node.gpuCount > 0)
    hourly += node.gpuCount * dollarsToMicros(attached);
  return { ok: true, hourly, catalogDate: version.effectiveFrom };
}
