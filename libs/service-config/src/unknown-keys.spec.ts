import { parseServiceConfig } from './parse';
import { app2, dep, top } from './fixtures/documents';

/** Strict objects at every level: the error names the key and points at the key itself. */
const unknownKeyRows: [level: string, text: string, path: string, line: number][] = [
  ['service', top('colour: red'), 'colour', 8],
  [
    'compute_config',
    top('compute_config: { head_node: { instance_type: m5 }, zone: a }'),
    'compute_config.zone',
    8,
  ],
  [
    'head_node',
    top('compute_config: { head_node: { instance_type: m5, size: 2 } }'),
    'compute_config.head_node.size',
    8,
  ],
  [
    'worker group',
    top(
      'compute_config:',
      '  head_node: { instance_type: m5 }',
      '  worker_groups:',
      '    - { name: g, instance_type: g5, max_nodes: 1, spot: true }',
    ),
    'compute_config.worker_groups[0].spot',
    11,
  ],
  [
    'application',
    app2(
      '- name: b',
      '  route_prefix: /b',
      '  command: b',
      '  replicas: 2',
      '  deployments: [{ name: D }]',
    ),
    'applications[1].replicas',
    11,
  ],
  [
    'runtime_env',
    app2(
      '- name: b',
      '  route_prefix: /b',
      '  command: b',
      '  runtime_env: { pip: [torch] }',
      '  deployments: [{ name: D }]',
    ),
    'applications[1].runtime_env.pip',
    11,
  ],
  ['deployment', dep('replicas: 2'), 'applications[0].deployments[0].replicas', 8],
  [
    'autoscaling_config',
    dep('autoscaling_config: { min_replicas: 0, max_replicas: 1, target: 3 }'),
    'applications[0].deployments[0].autoscaling_config.target',
    8,
  ],
  [
    'ray_actor_options',
    dep('ray_actor_options: { num_tpus: 1 }'),
    'applications[0].deployments[0].ray_actor_options.num_tpus',
    8,
  ],
  ['rollout', top('rollout: { canary_percent: 10 }'), 'rollout.canary_percent', 8],
  [
    'schedule step',
    top('rollout: { schedule: [{ percent: 100, hold_s: 0, jitter: 1 }] }'),
    'rollout.schedule[0].jitter',
    8,
  ],
];

describe('unknown keys', () => {
  it.each(unknownKeyRows)('are rejected at the %s level', (_level, text, path, line) => {
    const result = parseServiceConfig(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const key = path.split('.').pop()!;
    // The column of the key itself on that line, not of its value or its mapping.
    const column = text.split('\n')[line - 1]!.indexOf(`${key}:`) + 1;
    expect(column).toBeGreaterThan(0);
    expect(result.errors).toEqual([{ path, message: `Unknown key "${key}"`, line, column }]);
  });
});
