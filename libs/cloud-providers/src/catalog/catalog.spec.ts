import {
  AWS_INSTANCE_TYPES,
  findInstanceType,
  GCP_ACCELERATOR_TYPES,
  GCP_MACHINE_TYPES,
  instanceCatalog,
  validateComputeConfig,
  validateComputeSpec,
} from '.';

describe('instance catalogs', () => {
  it.each([
    [
      'AWS',
      'g5.xlarge',
      { vcpus: 4, memoryGib: 16, gpus: { type: 'A10G', count: 1, memoryGib: 24 } },
    ],
    [
      'AWS',
      'g6.12xlarge',
      { vcpus: 48, memoryGib: 192, gpus: { type: 'L4', count: 4, memoryGib: 24 } },
    ],
    [
      'AWS',
      'p4d.24xlarge',
      { vcpus: 96, memoryGib: 1152, gpus: { type: 'A100', count: 8, memoryGib: 40 } },
    ],
    [
      'AWS',
      'p5.48xlarge',
      { vcpus: 192, memoryGib: 2048, gpus: { type: 'H100', count: 8, memoryGib: 80 } },
    ],
    ['AWS', 'm6i.2xlarge', { vcpus: 8, memoryGib: 32, gpus: null }],
    ['AWS', 'c6i.4xlarge', { vcpus: 16, memoryGib: 32, gpus: null }],
    [
      'GCP',
      'n1-standard-8',
      {
        vcpus: 8,
        memoryGib: 30,
        gpus: null,
        attachableGpus: { type: 'T4', counts: [1, 2, 4], memoryGib: 16 },
      },
    ],
    [
      'GCP',
      'g2-standard-24',
      { vcpus: 24, memoryGib: 96, gpus: { type: 'L4', count: 2, memoryGib: 24 } },
    ],
    [
      'GCP',
      'a2-highgpu-8g',
      { vcpus: 96, memoryGib: 680, gpus: { type: 'A100', count: 8, memoryGib: 40 } },
    ],
    [
      'GCP',
      'a3-highgpu-8g',
      { vcpus: 208, memoryGib: 1872, gpus: { type: 'H100', count: 8, memoryGib: 80 } },
    ],
    ['GCP', 'n2-standard-16', { vcpus: 16, memoryGib: 64, gpus: null }],
    ['GCP', 'e2-standard-4', { vcpus: 4, memoryGib: 16, gpus: null }],
  ] as const)('%s %s', (provider, name, expected) => {
    expect(findInstanceType(provider, name)).toMatchObject(expected);
  });

  it('names are unique and every GPU model has a GCP accelerator name', () => {
    for (const catalog of [AWS_INSTANCE_TYPES, GCP_MACHINE_TYPES])
      expect(new Set(catalog.map((t) => t.name)).size).toBe(catalog.length);
    const gcpGpus = new Set(
      GCP_MACHINE_TYPES.flatMap((t) => [t.gpus?.type, t.attachableGpus?.type]).filter(Boolean),
    );
    expect([...gcpGpus].sort()).toEqual(Object.keys(GCP_ACCELERATOR_TYPES).sort());
    expect(instanceCatalog('AWS')).toBe(AWS_INSTANCE_TYPES);
  });
});

describe('validateComputeConfig', () => {
  it('accepts types and GPUs that match the catalog (GPU names case-insensitive)', () => {
    expect(
      validateComputeConfig('AWS', {
        head_node: { instance_type: 'm6i.large' },
        worker_groups: [
          { instance_type: 'g5.xlarge', gpu_type: 'a10g', gpu_count: 1 },
          { instance_type: 'c6i.xlarge', gpu_type: null, gpu_count: 0 },
        ],
      }),
    ).toEqual({ ok: true });
    expect(
      validateComputeConfig('GCP', {
        head_node: { instance_type: 'e2-standard-2' },
        worker_groups: [{ instance_type: 'n1-standard-4', gpu_type: 'T4', gpu_count: 4 }],
      }),
    ).toEqual({ ok: true });
  });

  it.each([
    [
      'AWS',
      { head_node: { instance_type: 'g5.xlarg' } },
      'head_node.instance_type',
      '"g5.xlarg" is not an AWS instance type Switchyard supports; valid g5 types: g5.xlarge, g5.2xlarge, g5.4xlarge, g5.8xlarge, g5.12xlarge, g5.16xlarge, g5.24xlarge, g5.48xlarge',
    ],
    [
      'AWS',
      { head_node: { instance_type: 't3.micro' } },
      'head_node.instance_type',
      'valid types: m6i.large, m6i.xlarge',
    ],
    [
      'AWS',
      {
        head_node: { instance_type: 'm6i.large' },
        worker_groups: [{ instance_type: 'p5.48xlarge', gpu_type: 'A100', gpu_count: 8 }],
      },
      'worker_groups[0].gpu_type',
      'p5.48xlarge comes with 8 × H100: set gpu_type "H100" and gpu_count 8',
    ],
    [
      'AWS',
      {
        head_node: { instance_type: 'm6i.large' },
        worker_groups: [{ instance_type: 'g5.12xlarge' }],
      },
      'worker_groups[0].gpu_type',
      'g5.12xlarge comes with 4 × A10G',
    ],
    [
      'AWS',
      {
        head_node: { instance_type: 'm6i.large' },
        worker_groups: [{ instance_type: 'c6i.large', gpu_type: 'T4', gpu_count: 1 }],
      },
      'worker_groups[0].gpu_type',
      'c6i.large has no GPUs: remove gpu_type and gpu_count, or choose a GPU type: g5.xlarge (1 × A10G)',
    ],
    [
      'GCP',
      {
        head_node: { instance_type: 'e2-standard-2' },
        worker_groups: [{ instance_type: 'n1-standard-8', gpu_type: 'T4', gpu_count: 3 }],
      },
      'worker_groups[0].gpu_count',
      'n1-standard-8 takes T4 GPUs in counts of 1, 2, 4',
    ],
    [
      'GCP',
      {
        head_node: { instance_type: 'e2-standard-2' },
        worker_groups: [{ instance_type: 'n1-standard-8', gpu_type: 'L4', gpu_count: 1 }],
      },
      'worker_groups[0].gpu_type',
      'n1-standard-8 takes T4 GPUs only',
    ],
    [
      'GCP',
      {
        head_node: { instance_type: 'e2-standard-2' },
        worker_groups: [{ instance_type: 'a2-highgpu-1g', gpu_type: 'H100', gpu_count: 1 }],
      },
      'worker_groups[0].gpu_type',
      'a2-highgpu-1g comes with 1 × A100',
    ],
    [
      'GCP',
      { head_node: { instance_type: 'm6i.large' } },
      'head_node.instance_type',
      '"m6i.large" is not a GCP machine type Switchyard supports; valid types: n1-standard-1',
    ],
  ] as const)('%s %j → %s', (provider, config, path, message) => {
    const check = validateComputeConfig(provider, config);
    expect(check.ok).toBe(false);
    expect(check.ok === false && check.issues).toEqual([
      { path, message: expect.stringContaining(message) },
    ]);
  });

  it('reports every offending field at once, and checks a ComputeSpec the same way', () => {
    const check = validateComputeSpec('AWS', {
      headNode: { instanceType: 'nope' },
      workerGroups: [
        {
          name: 'g',
          instanceType: 'also-nope',
          gpuType: null,
          gpuCount: 0,
          minNodes: 0,
          maxNodes: 1,
        },
      ],
    });
    expect(check.ok === false && check.issues.map((i) => i.path)).toEqual([
      'head_node.instance_type',
      'worker_groups[0].instance_type',
    ]);
  });
});
