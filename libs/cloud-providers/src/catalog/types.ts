/** The shapes of the instance-type catalogs: plain data, no SDK, served as-is by the API. */

export type CatalogProvider = 'AWS' | 'GCP';

/** GPUs that come with an instance type (AWS g5/g6/p4d/p5, GCP g2/a2/a3). */
export interface BuiltInGpus {
  /** Switchyard's name for the GPU model, as compute configs spell it (`A10G`, `L4`, `A100`, `H100`, `T4`). */
  type: string;
  count: number;
  memoryGib: number;
}

/** GPUs that can be attached to a machine type (GCP N1 + T4), in the counts allowed. */
export interface AttachableGpus {
  type: string;
  counts: number[];
  memoryGib: number;
}

export interface InstanceTypeInfo {
  name: string;
  /** The family, e.g. `g5`, `m6i`, `n1`, `a2`: what "did you mean" suggestions group by. */
  family: string;
  vcpus: number;
  memoryGib: number;
  gpus: BuiltInGpus | null;
  attachableGpus: AttachableGpus | null;
}
