import { toComputeSpec } from './compute-spec';
import { HELLO_YAML } from './fixtures/hello';
import { parseServiceConfig } from './parse';
import type { ServiceConfig } from './schema';

function parse(text: string): ServiceConfig {
  const result = parseServiceConfig(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

const inline = {
  head_node: { instance_type: 'm5.xlarge' },
  worker_groups: [
    { name: 'gpu', instance_type: 'g5.xlarge', gpu_type: 'A10G', gpu_count: 1, max_nodes: 2 },
  ],
};

describe('toComputeSpec', () => {
  const base = parse(HELLO_YAML);

  it('is null for a version without nodes (local and sim clouds)', () => {
    expect(toComputeSpec({ ...base, compute_config: undefined }, null)).toBeNull();
  });

  it('maps an inline compute config, filling min_nodes 0', () => {
    expect(toComputeSpec({ ...base, compute_config: inline } as ServiceConfig, null)).toEqual({
      headNode: { instanceType: 'm5.xlarge' },
      workerGroups: [
        {
          name: 'gpu',
          instanceType: 'g5.xlarge',
          gpuType: 'A10G',
          gpuCount: 1,
          minNodes: 0,
          maxNodes: 2,
        },
      ],
    });
  });

  it('prefers the stored compute config the version was deployed with', () => {
    const stored = {
      headNode: { instance_type: 'n2-standard-8' },
      workerGroups: [{ name: 'cpu', instance_type: 'n2-standard-4', min_nodes: 1, max_nodes: 3 }],
    };
    expect(toComputeSpec({ ...base, compute_config: inline } as ServiceConfig, stored)).toEqual({
      headNode: { instanceType: 'n2-standard-8' },
      workerGroups: [
        {
          name: 'cpu',
          instanceType: 'n2-standard-4',
          gpuType: null,
          gpuCount: 0,
          minNodes: 1,
          maxNodes: 3,
        },
      ],
    });
  });
});
