/**
 * The EC2 instance types the AWS adapter launches: GPU families g5 (A10G), g6 (L4), p4d (A100
 * 40 GB), p5 (H100) and the general-purpose m6i / compute-optimised c6i CPU families. Figures are
 * AWS's published specifications (vCPUs, GiB of memory, GPUs per instance).
 */
import type { InstanceTypeInfo } from './types';

const SIZES = [
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
  '32xlarge',
] as const;
const VCPUS: Record<(typeof SIZES)[number], number> = {
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  '32xlarge': 128,
};

/** m6i: 4 GiB per vCPU; c6i: 2 GiB per vCPU. */
function cpuFamily(family: 'm6i' | 'c6i', gibPerVcpu: number): InstanceTypeInfo[] {
  return SIZES.map((size) => ({
    name: `${family}.${size}`,
    family,
    vcpus: VCPUS[size],
    memoryGib: VCPUS[size] * gibPerVcpu,
    gpus: null,
    attachableGpus: null,
  }));
}

/** g5 / g6 share a shape: size → [vCPUs, GiB, GPUs]. */
const G_SIZES: [string, number, number, number][] = [
  ['xlarge', 4, 16, 1],
  ['2xlarge', 8, 32, 1],
  ['4xlarge', 16, 64, 1],
  ['8xlarge', 32, 128, 1],
  ['12xlarge', 48, 192, 4],
  ['16xlarge', 64, 256, 1],
  ['24xlarge', 96, 384, 4],
  ['48xlarge', 192, 768, 8],
];

function gpuFamily(family: 'g5' | 'g6', gpuType: string, gpuMemoryGib: number): InstanceTypeInfo[] {
  return G_SIZES.map(([size, vcpus, memoryGib, count]) => ({
    name: `${family}.${size}`,
    family,
    vcpus,
    memoryGib,
    gpus: { type: gpuType, count, memoryGib: gpuMemoryGib },
    attachableGpus: null,
  }));
}

export const AWS_INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  ...cpuFamily('m6i', 4),
  ...cpuFamily('c6i', 2),
  ...gpuFamily('g5', 'A10G', 24),
  ...gpuFamily('g6', 'L4', 24),
  {
    name: 'p4d.24xlarge',
    family: 'p4d',
    vcpus: 96,
    memoryGib: 1152,
    gpus: { type: 'A100', count: 8, memoryGib: 40 },
    attachableGpus: null,
  },
  {
    name: 'p5.48xlarge',
    family: 'p5',
    vcpus: 192,
    memoryGib: 2048,
    gpus: { type: 'H100', count: 8, memoryGib: 80 },
    attachableGpus: null,
  },
];
