import { classifyInPlaceChange } from '@switchyard/rollout';
import { canonicalConfigJson, configHash } from './canonical';
import { HELLO_CONFIG, HELLO_YAML } from './fixtures/hello';
import { toInPlaceInput } from './in-place';
import { parseServiceConfig } from './parse';
import { applicationEnv, toApplicationRuntimeSpecs } from './runtime-spec';
import type { ServiceConfig } from './schema';
import { versionNameFor } from './version-name';
import { toRolloutSettings, toVersionSpec } from './version-spec';

function parse(text: string): ServiceConfig {
  const result = parseServiceConfig(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

const hello = parse(HELLO_YAML);

/** hello.yaml with one line replaced (the line must exist, so a fixture edit fails loudly). */
function helloWith(from: string, to: string): ServiceConfig {
  expect(HELLO_YAML).toContain(from);
  return parse(HELLO_YAML.replace(from, to));
}

describe('toVersionSpec', () => {
  it('lists every deployment of every application with its replica shape', () => {
    expect(toVersionSpec(hello, 'ver_1')).toEqual({
      versionId: 'ver_1',
      deployments: [
        {
          application: 'greeter',
          deployment: 'Greeter',
          replicas: { kind: 'static', numReplicas: 2 },
        },
        {
          application: 'translator',
          deployment: 'Translator',
          replicas: { kind: 'autoscaling', minReplicas: 0, initialReplicas: 1, maxReplicas: 4 },
        },
        {
          application: 'translator',
          deployment: 'Tokenizer',
          replicas: { kind: 'static', numReplicas: 1 },
        },
      ],
    });
  });
});

describe('toRolloutSettings', () => {
  it('maps the rollout block to the engine vocabulary', () => {
    expect(toRolloutSettings(hello)).toEqual({
      timing: { timeoutS: 7200, healthFailureThreshold: 3, drainS: 30 },
      steps: [
        { percent: 50, holdS: 60 },
        { percent: 100, holdS: 0 },
      ],
    });
  });

  it('leaves the schedule to the engine when the config has none', () => {
    expect(
      toRolloutSettings({
        ...hello,
        rollout: { timeout_s: 60, health_failure_threshold: 1, drain_s: 0 },
      }),
    ).toEqual({
      timing: { timeoutS: 60, healthFailureThreshold: 1, drainS: 0 },
      steps: undefined,
    });
  });
});

describe('toApplicationRuntimeSpecs', () => {
  it('gives each application its entry point, ingress health check and deployment resources', () => {
    expect(toApplicationRuntimeSpecs(hello)).toStrictEqual([
      {
        name: 'greeter',
        routePrefix: '/',
        command: 'node greeter.js',
        healthCheck: { path: '/healthz', periodS: 10, timeoutS: 30 },
        deployments: [{ name: 'Greeter', maxOngoingRequests: 5, resources: {} }],
      },
      {
        name: 'translator',
        routePrefix: '/translate',
        importPath: 'translator.app:graph',
        healthCheck: { path: '/healthz', periodS: 10, timeoutS: 30 },
        deployments: [
          { name: 'Translator', maxOngoingRequests: 5, resources: { cpus: 1, gpus: 0.5 } },
          { name: 'Tokenizer', maxOngoingRequests: 20, resources: {} },
        ],
      },
    ]);
  });

  it('merges service and application env vars, the application winning', () => {
    const config = helloWith('LOG_LEVEL: info', 'LOG_LEVEL: info\n  MODEL: base');
    expect(applicationEnv(config, 'translator')).toEqual({ LOG_LEVEL: 'info', MODEL: 't5-small' });
    expect(applicationEnv(config, 'greeter')).toEqual({ LOG_LEVEL: 'info', MODEL: 'base' });
  });
});

describe('canonicalConfigJson / configHash', () => {
  const reordered = [
    'rollout:',
    '  schedule: [{ hold_s: 60, percent: 50 }, { hold_s: 0, percent: 100 }]',
    'applications:',
    '  - deployments:',
    '      - { num_replicas: 2, name: Greeter, max_ongoing_requests: 5 }',
    '    command: node greeter.js',
    '    route_prefix: /',
    '    name: greeter',
    '  - route_prefix: /translate',
    '    name: translator',
    '    runtime_env: { env_vars: { MODEL: t5-small } }',
    '    import_path: translator.app:graph',
    '    deployments:',
    '      - ray_actor_options: { num_gpus: 0.5, num_cpus: 1 }',
    '        autoscaling_config: { max_replicas: 4, min_replicas: 0, initial_replicas: 1 }',
    '        name: Translator',
    '      - { health_check_path: /ready, max_ongoing_requests: 20, name: Tokenizer }',
    'env_vars: { LOG_LEVEL: info }',
    'compute_config: cpu-pool:2',
    'query_auth_token_enabled: true',
    'cloud: local-dev',
    'project: demo',
    'name: hello',
  ].join('\n');

  it('is the same for reordered keys and spelled-out defaults', () => {
    const other = parse(reordered);
    expect(canonicalConfigJson(other)).toBe(canonicalConfigJson(hello));
    expect(configHash(other)).toBe(configHash(hello));
  });

  it('sorts keys at every level', () => {
    const json = canonicalConfigJson(hello);
    expect(
      json.startsWith(
        '{"applications":[{"command":"node greeter.js","deployments":[{"graceful_shutdown_timeout_s":20,',
      ),
    ).toBe(true);
    expect(JSON.parse(json)).toEqual(HELLO_CONFIG);
  });

  it.each([
    ['a replica count', 'num_replicas: 2', 'num_replicas: 3'],
    ['an env var', 'LOG_LEVEL: info', 'LOG_LEVEL: debug'],
    ['a schedule hold', 'hold_s: 60', 'hold_s: 61'],
  ])('changes when %s changes', (_title, from, to) => {
    const hash = configHash(helloWith(from, to));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(configHash(hello));
  });
});

describe('toInPlaceInput + classifyInPlaceChange', () => {
  type Expected = { ok: true; mode: 'light' | 'heavy' } | { ok: false; field: string };
  const rows: [title: string, from: string, to: string, expected: Expected][] = [
    ['nothing changes', 'name: hello', 'name: hello', { ok: true, mode: 'light' }],
    ['a replica count', 'num_replicas: 2', 'num_replicas: 5', { ok: true, mode: 'light' }],
    ['autoscaling bounds', 'max_replicas: 4', 'max_replicas: 8', { ok: true, mode: 'light' }],
    [
      'max_ongoing_requests',
      'max_ongoing_requests: 20',
      'max_ongoing_requests: 30',
      { ok: true, mode: 'light' },
    ],
    [
      'a health check path',
      'health_check_path: /ready',
      'health_check_path: /live',
      { ok: true, mode: 'light' },
    ],
    ['the rollout schedule', 'hold_s: 60', 'hold_s: 5', { ok: true, mode: 'light' }],
    [
      'a command',
      'command: node greeter.js',
      'command: node greeter2.js',
      { ok: true, mode: 'heavy' },
    ],
    [
      'an import path',
      'import_path: translator.app:graph',
      'import_path: translator.app:graph2',
      { ok: true, mode: 'heavy' },
    ],
    ['a service env var', 'LOG_LEVEL: info', 'LOG_LEVEL: debug', { ok: true, mode: 'heavy' }],
    ['an application env var', 'MODEL: t5-small', 'MODEL: t5-base', { ok: true, mode: 'heavy' }],
    ['actor resources', 'num_gpus: 0.5', 'num_gpus: 1', { ok: true, mode: 'heavy' }],
    [
      'the image',
      'cloud: local-dev',
      'cloud: local-dev\nimage_uri: repo/hello:2',
      { ok: false, field: 'image_uri' },
    ],
    [
      'the compute config',
      'compute_config: cpu-pool:2',
      'compute_config: cpu-pool:3',
      { ok: false, field: 'compute_config' },
    ],
    ['the cloud', 'cloud: local-dev', 'cloud: other', { ok: false, field: 'cloud' }],
  ];

  it.each(rows)('%s', (_title, from, to, expected) => {
    const result = classifyInPlaceChange(
      toInPlaceInput(hello),
      toInPlaceInput(helloWith(from, to)),
    );
    if (expected.ok) expect(result).toMatchObject({ ok: true, mode: expected.mode });
    else
      expect(result).toMatchObject({
        ok: false,
        refusals: [{ code: 'IN_PLACE_IMMUTABLE_FIELD_CHANGED', field: expected.field }],
      });
  });

  it('is a JSON copy: no undefined fields, no shared objects', () => {
    const input = toInPlaceInput(hello);
    expect(input).toEqual(HELLO_CONFIG);
    expect(input.applications).not.toBe(hello.applications);
  });
});

describe('versionNameFor', () => {
  it.each([
    ['no versions yet', undefined, [], 'v1'],
    ['after v1, v2', undefined, ['v1', 'v2'], 'v3'],
    ['above the highest, not into a gap', undefined, ['v1', 'v7', 'v3'], 'v8'],
    ['ignoring names that are not v<N>', undefined, ['blue', 'v02', 'v2-hotfix', 'v1'], 'v2'],
    ['the config name when given', 'blue', ['v1'], 'blue'],
  ])('%s', (_title, version_name, existing, expected) => {
    expect(versionNameFor({ version_name }, existing)).toBe(expected);
  });
});
