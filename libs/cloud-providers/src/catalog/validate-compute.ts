/**
 * Checks a compute config's instance types (and GPU declarations) against a provider's catalog,
 * with messages that name the valid choices, so a typo becomes a `400` that says what to write
 * instead of a launch failure in the user's account minutes later.
 */
import type { ComputeSpec } from '../port';
import { AWS_INSTANCE_TYPES } from './aws-instance-types';
import { GCP_MACHINE_TYPES } from './gcp-machine-types';
import type { CatalogProvider, InstanceTypeInfo } from './types';

/** The API's compute-config body shape (snake_case), the part the catalog can judge. */
export interface ComputeConfigInput {
  head_node: { instance_type: string };
  worker_groups?: readonly {
    instance_type: string;
    gpu_type?: string | null;
    gpu_count?: number;
  }[];
}

export interface CatalogIssue {
  /** Relative to the compute config, e.g. `worker_groups[0].instance_type`. */
  path: string;
  message: string;
}

export type CatalogCheck = { ok: true } | { ok: false; issues: CatalogIssue[] };

const CATALOGS: Record<CatalogProvider, readonly InstanceTypeInfo[]> = {
  AWS: AWS_INSTANCE_TYPES,
  GCP: GCP_MACHINE_TYPES,
};
const PROVIDER_NOUN: Record<CatalogProvider, string> = {
  AWS: 'an AWS instance type',
  GCP: 'a GCP machine type',
};

export function instanceCatalog(provider: CatalogProvider): readonly InstanceTypeInfo[] {
  return CATALOGS[provider];
}

export function findInstanceType(
  provider: CatalogProvider,
  name: string,
): InstanceTypeInfo | undefined {
  return CATALOGS[provider].find((t) => t.name === name);
}

const familyOf = (name: string) => name.split(/[.-]/)[0] ?? name;
const describeGpus = (t: InstanceTypeInfo) =>
  t.gpus ? `${t.name} (${t.gpus.count} × ${t.gpus.type})` : t.name;

function unknownType(provider: CatalogProvider, name: string): string {
  const catalog = CATALOGS[provider];
  const sameFamily = catalog.filter((t) => t.family === familyOf(name));
  const valid =
    sameFamily.length > 0
      ? `valid ${familyOf(name)} types: ${sameFamily.map((t) => t.name).join(', ')}`
      : `valid types: ${catalog.map((t) => t.name).join(', ')}`;
  return `"${name}" is not ${PROVIDER_NOUN[provider]} Switchyard supports; ${valid}`;
}

/** Null when the declared GPUs match what the instance type has (or can take), else why not. */
function gpuProblem(
  provider: CatalogProvider,
  t: InstanceTypeInfo,
  gpuType: string | null,
  gpuCount: number,
): CatalogIssue | null {
  const declared = gpuType !== null && gpuCount > 0;
  const sameType = (a: string) => gpuType !== null && gpuType.toUpperCase() === a.toUpperCase();
  if (t.gpus) {
    if (declared && sameType(t.gpus.type) && gpuCount === t.gpus.count) return null;
    return {
      path: 'gpu_type',
      message: `${t.name} comes with ${t.gpus.count} × ${t.gpus.type}: set gpu_type "${t.gpus.type}" and gpu_count ${t.gpus.count}`,
    };
  }
  if (!declared) return null;
  const attach = t.attachableGpus;
  if (attach) {
    if (!sameType(attach.type))
      return {
        path: 'gpu_type',
        message: `${t.name} takes ${attach.type} GPUs only (gpu_type "${attach.type}")`,
      };
    if (!attach.counts.includes(gpuCount))
      return {
        path: 'gpu_count',
        message: `${t.name} takes ${attach.type} GPUs in counts of ${attach.counts.join(', ')}`,
      };
    return null;
  }
  const gpuTypes = CATALOGS[provider].filter((x) => x.gpus || x.attachableGpus);
  return {
    path: 'gpu_type',
    message: `${t.name} has no GPUs: remove gpu_type and gpu_count, or choose a GPU type: ${gpuTypes.map(describeGpus).join(', ')}`,
  };
}

export function validateComputeConfig(
  provider: CatalogProvider,
  config: ComputeConfigInput,
): CatalogCheck {
  const issues: CatalogIssue[] = [];
  if (!findInstanceType(provider, config.head_node.instance_type)) {
    issues.push({
      path: 'head_node.instance_type',
      message: unknownType(provider, config.head_node.instance_type),
    });
  }
  (config.worker_groups ?? []).forEach((g, i) => {
    const t = findInstanceType(provider, g.instance_type);
    if (!t) {
      issues.push({
        path: `worker_groups[${i}].instance_type`,
        message: unknownType(provider, g.instance_type),
      });
      return;
    }
    const problem = gpuProblem(provider, t, g.gpu_type ?? null, g.gpu_count ?? 0);
    if (problem)
      issues.push({ path: `worker_groups[${i}].${problem.path}`, message: problem.message });
  });
  return issues.length === 0 ? { ok: true } : { ok: false, issues };
}

/** The same check on the worker's ComputeSpec (what a provider receives). */
export function validateComputeSpec(provider: CatalogProvider, compute: ComputeSpec): CatalogCheck {
  return validateComputeConfig(provider, {
    head_node: { instance_type: compute.headNode.instanceType },
    worker_groups: compute.workerGroups.map((g) => ({
      instance_type: g.instanceType,
      gpu_type: g.gpuType,
      gpu_count: g.gpuCount,
    })),
  });
}

/** One line for an error message: `path: message; path: message`. */
export function formatCatalogIssues(issues: CatalogIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
