/**
 * The Compute Engine machine types the GCP adapter launches: N1 (to which T4 GPUs are attached
 * as guest accelerators), the accelerator-optimised G2 (L4), A2 (A100 40 GB) and A3 (H100), and
 * the N2 / E2 CPU families. Figures are Google's published specifications.
 */
import type { InstanceTypeInfo } from './types';

/** Google's accelerator-type names, by Switchyard's GPU name (what `guestAccelerators` takes). */
export const GCP_ACCELERATOR_TYPES: Readonly<Record<string, string>> = {
  T4: 'nvidia-tesla-t4',
  L4: 'nvidia-l4',
  A100: 'nvidia-tesla-a100',
  H100: 'nvidia-h100-80gb',
};

const T4 = { type: 'T4', memoryGib: 16 };

/** N1 standard: 3.75 GB per vCPU; T4s attach in counts of 1, 2 or 4 (4 needed above 48 vCPUs). */
const n1 = [1, 2, 4, 8, 16, 32, 64, 96].map((vcpus): InstanceTypeInfo => ({
  name: `n1-standard-${vcpus}`,
  family: 'n1',
  vcpus,
  memoryGib: vcpus * 3.75,
  gpus: null,
  attachableGpus: { ...T4, counts: vcpus > 48 ? [4] : [1, 2, 4] },
}));

const g2: [number, number, number][] = [
  [4, 16, 1],
  [8, 32, 1],
  [12, 48, 1],
  [16, 64, 1],
  [24, 96, 2],
  [32, 128, 1],
  [48, 192, 4],
  [96, 384, 8],
];

const a2: [string, number, number, number][] = [
  ['a2-highgpu-1g', 12, 85, 1],
  ['a2-highgpu-2g', 24, 170, 2],
  ['a2-highgpu-4g', 48, 340, 4],
  ['a2-highgpu-8g', 96, 680, 8],
  ['a2-megagpu-16g', 96, 1360, 16],
];

const cpu = (family: 'n2' | 'e2', sizes: number[]): InstanceTypeInfo[] =>
  sizes.map((vcpus) => ({
    name: `${family}-standard-${vcpus}`,
    family,
    vcpus,
    memoryGib: vcpus * 4,
    gpus: null,
    attachableGpus: null,
  }));

export const GCP_MACHINE_TYPES: readonly InstanceTypeInfo[] = [
  ...n1,
  ...g2.map(([vcpus, memoryGib, count]) => ({
    name: `g2-standard-${vcpus}`,
    family: 'g2',
    vcpus,
    memoryGib,
    gpus: { type: 'L4', count, memoryGib: 24 },
    attachableGpus: null,
  })),
  ...a2.map(([name, vcpus, memoryGib, count]) => ({
    name,
    family: 'a2',
    vcpus,
    memoryGib,
    gpus: { type: 'A100', count, memoryGib: 40 },
    attachableGpus: null,
  })),
  {
    name: 'a3-highgpu-8g',
    family: 'a3',
    vcpus: 208,
    memoryGib: 1872,
    gpus: { type: 'H100', count: 8, memoryGib: 80 },
    attachableGpus: null,
  },
  ...cpu('n2', [2, 4, 8, 16, 32, 48, 64, 80, 96, 128]),
  ...cpu('e2', [2, 4, 8, 16, 32]),
];
