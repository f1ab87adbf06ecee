import { parseServiceConfig } from './parse';
import { APP, app2, dep, doc, top } from './fixtures/documents';

/** Every rule, one table row each: the exact error paths (nothing more) and the line they point at. */
type Row = [title: string, text: string, expected: [path: string, line: number][]];

const rows: Row[] = [
  // Service level
  ['name: upper case', doc().replace('name: hello', 'name: Hello'), [['name', 1]]],
  ['name: "--"', doc().replace('name: hello', 'name: a--b'), [['name', 1]]],
  ['name: 41 characters', doc().replace('name: hello', `name: ${'a'.repeat(41)}`), [['name', 1]]],
  ['name missing: points at the root mapping', APP.join('\n'), [['name', 1]]],
  ['version_name: dots', top('version_name: v1.0'), [['version_name', 8]]],
  ['project: "--"', top('project: a--b'), [['project', 8]]],
  ['cloud: spaces', top('cloud: my cloud'), [['cloud', 8]]],
  ['compute_config: bad reference', top('compute_config: GPU:0'), [['compute_config', 8]]],
  [
    'compute_config: inline, max_nodes missing',
    top(
      'compute_config:',
      '  head_node: { instance_type: m5.large }',
      '  worker_groups:',
      '    - name: gpu',
      '      instance_type: g5',
    ),
    [['compute_config.worker_groups[0].max_nodes', 11]],
  ],
  [
    'compute_config: min_nodes > max_nodes',
    top(
      'compute_config:',
      '  head_node: { instance_type: m5.large }',
      '  worker_groups:',
      '    - { name: gpu, instance_type: g5, min_nodes: 3, max_nodes: 1 }',
    ),
    [['compute_config.worker_groups[0].min_nodes', 11]],
  ],
  [
    'compute_config: duplicate worker group',
    top(
      'compute_config:',
      '  head_node: { instance_type: m5 }',
      '  worker_groups:',
      '    - { name: a, instance_type: g5, max_nodes: 1 }',
      '    - { name: a, instance_type: g5, max_nodes: 1 }',
    ),
    [['compute_config.worker_groups[1].name', 12]],
  ],
  ['image_uri: whitespace', top('image_uri: "repo/img: 1"'), [['image_uri', 8]]],
  ['env_vars: lower-case key', top('env_vars:', '  log_level: info'), [['env_vars.log_level', 9]]],
  ['env_vars: number value', top('env_vars:', '  PORT: 8080'), [['env_vars.PORT', 9]]],
  [
    'query_auth_token_enabled: string',
    top('query_auth_token_enabled: "yes"'),
    [['query_auth_token_enabled', 8]],
  ],
  ['request_timeout_s: 0', top('request_timeout_s: 0'), [['request_timeout_s', 8]]],
  ['request_timeout_s: negative', top('request_timeout_s: -5'), [['request_timeout_s', 8]]],
  ['request_timeout_s: above an hour', top('request_timeout_s: 3601'), [['request_timeout_s', 8]]],
  ['request_timeout_s: string', top('request_timeout_s: "30s"'), [['request_timeout_s', 8]]],
  ['sticky_versions: string', top('sticky_versions: "on"'), [['sticky_versions', 8]]],
  ['applications: empty', 'name: hello\napplications: []', [['applications', 2]]],
  ['applications missing', 'name: hello', [['applications', 1]]],
  // Applications
  [
    'duplicate application name',
    app2('- name: app', '  route_prefix: /b', '  command: b', '  deployments: [{ name: D }]'),
    [['applications[1].name', 8]],
  ],
  [
    'duplicate route_prefix',
    app2('- name: b', '  route_prefix: /', '  command: b', '  deployments: [{ name: D }]'),
    [['applications[1].route_prefix', 9]],
  ],
  [
    'route_prefix without "/"',
    doc().replace('route_prefix: /', 'route_prefix: api'),
    [['applications[0].route_prefix', 4]],
  ],
  [
    'route_prefix with trailing "/"',
    doc().replace('route_prefix: /', 'route_prefix: /api/'),
    [['applications[0].route_prefix', 4]],
  ],
  [
    'neither command nor import_path',
    doc().replace('    command: run\n', ''),
    [['applications[0]', 3]],
  ],
  [
    'both command and import_path',
    app2(
      '- name: b',
      '  route_prefix: /b',
      '  command: b',
      '  import_path: b:app',
      '  deployments: [{ name: D }]',
    ),
    [['applications[1].import_path', 11]],
  ],
  [
    'import_path: not a Python path',
    app2(
      '- name: b',
      '  route_prefix: /b',
      '  import_path: b/app.py',
      '  deployments: [{ name: D }]',
    ),
    [['applications[1].import_path', 10]],
  ],
  [
    'deployments: empty',
    app2('- name: b', '  route_prefix: /b', '  command: b', '  deployments: []'),
    [['applications[1].deployments', 11]],
  ],
  [
    'runtime_env.env_vars: bad key',
    app2(
      '- name: b',
      '  route_prefix: /b',
      '  command: b',
      '  runtime_env: { env_vars: { 1X: y } }',
      '  deployments: [{ name: D }]',
    ),
    [['applications[1].runtime_env.env_vars["1X"]', 11]],
  ],
  // Deployments
  [
    'duplicate deployment name',
    doc('      - name: D'),
    [['applications[0].deployments[1].name', 8]],
  ],
  [
    'deployment name with a space',
    doc().replace('- name: D', '- name: my model'),
    [['applications[0].deployments[0].name', 7]],
  ],
  [
    'num_replicas: string',
    dep('num_replicas: "3"'),
    [['applications[0].deployments[0].num_replicas', 8]],
  ],
  ['num_replicas: 0', dep('num_replicas: 0'), [['applications[0].deployments[0].num_replicas', 8]]],
  [
    'num_replicas: 1.5',
    dep('num_replicas: 1.5'),
    [['applications[0].deployments[0].num_replicas', 8]],
  ],
  [
    'num_replicas and autoscaling_config',
    dep('num_replicas: 2', 'autoscaling_config: { min_replicas: 1, max_replicas: 2 }'),
    [['applications[0].deployments[0].autoscaling_config', 9]],
  ],
  [
    'autoscaling: min > max',
    dep('autoscaling_config:', '  min_replicas: 3', '  max_replicas: 2'),
    [['applications[0].deployments[0].autoscaling_config.max_replicas', 10]],
  ],
  [
    'autoscaling: initial < min',
    dep('autoscaling_config:', '  min_replicas: 2', '  initial_replicas: 1', '  max_replicas: 4'),
    [['applications[0].deployments[0].autoscaling_config.initial_replicas', 10]],
  ],
  [
    'autoscaling: initial > max',
    dep('autoscaling_config:', '  min_replicas: 0', '  initial_replicas: 5', '  max_replicas: 4'),
    [['applications[0].deployments[0].autoscaling_config.initial_replicas', 10]],
  ],
  [
    'autoscaling: max_replicas missing',
    dep('autoscaling_config:', '  min_replicas: 0'),
    [['applications[0].deployments[0].autoscaling_config.max_replicas', 9]],
  ],
  [
    'autoscaling: max_replicas 0',
    dep('autoscaling_config: { min_replicas: 0, max_replicas: 0 }'),
    [['applications[0].deployments[0].autoscaling_config.max_replicas', 8]],
  ],
  [
    'max_ongoing_requests: 0',
    dep('max_ongoing_requests: 0'),
    [['applications[0].deployments[0].max_ongoing_requests', 8]],
  ],
  [
    'health_check_path: relative',
    dep('health_check_path: healthz'),
    [['applications[0].deployments[0].health_check_path', 8]],
  ],
  [
    'health_check_timeout_s: 0',
    dep('health_check_timeout_s: 0'),
    [['applications[0].deployments[0].health_check_timeout_s', 8]],
  ],
  [
    'ray_actor_options.num_gpus: negative',
    dep('ray_actor_options:', '  num_gpus: -1'),
    [['applications[0].deployments[0].ray_actor_options.num_gpus', 9]],
  ],
  // Rollout
  [
    'schedule: not increasing',
    top(
      'rollout:',
      '  schedule:',
      '    - { percent: 50, hold_s: 1 }',
      '    - { percent: 50, hold_s: 1 }',
      '    - { percent: 100, hold_s: 0 }',
    ),
    [['rollout.schedule[1].percent', 11]],
  ],
  [
    'schedule: last step not 100',
    top(
      'rollout:',
      '  schedule:',
      '    - { percent: 10, hold_s: 1 }',
      '    - { percent: 90, hold_s: 1 }',
    ),
    [['rollout.schedule[1].percent', 11]],
  ],
  [
    'schedule: percent 0',
    top(
      'rollout:',
      '  schedule:',
      '    - { percent: 0, hold_s: 1 }',
      '    - { percent: 100, hold_s: 1 }',
    ),
    [['rollout.schedule[0].percent', 10]],
  ],
  [
    'schedule: hold_s negative',
    top('rollout:', '  schedule:', '    - { percent: 100, hold_s: -1 }'),
    [['rollout.schedule[0].hold_s', 10]],
  ],
  ['rollout.hold_s negative', top('rollout:', '  hold_s: -1'), [['rollout.hold_s', 9]]],
  [
    'rollout.hold_s beside a listed schedule (each step has its own)',
    top('rollout:', '  hold_s: 5', '  schedule:', '    - { percent: 100, hold_s: 0 }'),
    [['rollout.hold_s', 9]],
  ],
  ['rollout.timeout_s below 10', top('rollout:', '  timeout_s: 5'), [['rollout.timeout_s', 9]]],
  [
    'rollout.health_failure_threshold 0',
    top('rollout:', '  health_failure_threshold: 0'),
    [['rollout.health_failure_threshold', 9]],
  ],
  ['rollout.drain_s negative', top('rollout:', '  drain_s: -1'), [['rollout.drain_s', 9]]],
];

describe('service config rules', () => {
  it('the base document is valid', () => {
    expect(parseServiceConfig(doc())).toMatchObject({ ok: true });
  });

  it.each(rows)('%s', (_title, text, expected) => {
    const result = parseServiceConfig(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.line])).toEqual(expected);
    for (const e of result.errors) expect(e.message).not.toBe('');
  });
});
