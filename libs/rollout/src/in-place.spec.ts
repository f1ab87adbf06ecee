import { classifyInPlaceChange, InPlaceRefusedError, type InPlaceServiceConfig } from './in-place';

const base: InPlaceServiceConfig = {
  cloud: 'aws-prod',
  image_uri: 'registry.example.com/llm:1.0',
  compute_config: { head: 'm5.xlarge', workers: [{ instance: 'g5.xlarge', min: 0, max: 4 }] },
  env_vars: { MODEL: 'llama' },
  applications: [
    {
      name: 'chat',
      route_prefix: '/chat',
      import_path: 'chat:app',
      deployments: [
        {
          name: 'llm',
          num_replicas: 2,
          max_ongoing_requests: 5,
          health_check_path: '/healthz',
          health_check_period_s: 10,
        },
        {
          name: 'router',
          autoscaling_config: { min_replicas: 1, initial_replicas: 2, max_replicas: 4 },
        },
      ],
    },
  ],
};

type Mutation = (c: InPlaceServiceConfig) => void;
const withChange = (mutate: Mutation): InPlaceServiceConfig => {
  const copy = structuredClone(base);
  mutate(copy);
  return copy;
};
const llm = (c: InPlaceServiceConfig) => c.applications[0]!.deployments![0]!;
const app = (c: InPlaceServiceConfig) => c.applications[0]!;

describe('classifyInPlaceChange', () => {
  it.each<[string, Mutation, string[]]>([
    ['nothing', () => undefined, []],
    [
      'num_replicas',
      (c) => void (llm(c).num_replicas = 4),
      ['applications[chat].deployments[llm].num_replicas'],
    ],
    [
      'autoscaling_config',
      (c) =>
        void (app(c).deployments![1]!.autoscaling_config = {
          min_replicas: 2,
          initial_replicas: 2,
          max_replicas: 8,
        }),
      ['applications[chat].deployments[router].autoscaling_config'],
    ],
    [
      'num_replicas → autoscaling',
      (c) => {
        delete llm(c).num_replicas;
        llm(c).autoscaling_config = { min_replicas: 1, max_replicas: 3 };
      },
      [
        'applications[chat].deployments[llm].num_replicas',
        'applications[chat].deployments[llm].autoscaling_config',
      ],
    ],
    [
      'max_ongoing_requests',
      (c) => void (llm(c).max_ongoing_requests = 8),
      ['applications[chat].deployments[llm].max_ongoing_requests'],
    ],
    [
      'health check settings',
      (c) => {
        llm(c).health_check_path = '/ready';
        llm(c).health_check_timeout_s = 3;
      },
      [
        'applications[chat].deployments[llm].health_check_path',
        'applications[chat].deployments[llm].health_check_timeout_s',
      ],
    ],
    [
      'version_name and rollout options',
      (c) => Object.assign(c, { version_name: 'v2', rollout: { timeout_s: 60 } }),
      ['version_name', 'rollout'],
    ],
    [
      'gateway settings (request timeout, sticky versions)',
      (c) => Object.assign(c, { request_timeout_s: 30, sticky_versions: true }),
      ['request_timeout_s', 'sticky_versions'],
    ],
  ])('lightweight (no restart): %s', (_name, mutate, lightChanges) => {
    expect(classifyInPlaceChange(base, withChange(mutate))).toEqual({
      ok: true,
      mode: 'light',
      lightChanges,
      heavyChanges: [],
    });
  });

  it.each<[string, Mutation, string[]]>([
    ['env_vars', (c) => void (c.env_vars = { MODEL: 'mistral' }), ['env_vars']],
    [
      'import_path',
      (c) => void (app(c).import_path = 'chat:app_v2'),
      ['applications[chat].import_path'],
    ],
    ['command', (c) => void (app(c).command = 'python serve.py'), ['applications[chat].command']],
    [
      'route_prefix',
      (c) => void (app(c).route_prefix = '/v2/chat'),
      ['applications[chat].route_prefix'],
    ],
    [
      'an undeclared deployment field (user_config)',
      (c) => Object.assign(llm(c), { user_config: { temperature: 0.2 } }),
      ['applications[chat].deployments[llm].user_config'],
    ],
    [
      'a deployment added',
      (c) => void app(c).deployments!.push({ name: 'embedder', num_replicas: 1 }),
      ['applications[chat].deployments[embedder] added'],
    ],
    ['an application removed', (c) => void (c.applications = []), ['applications[chat] removed']],
  ])('heavyweight (replicas replaced): %s', (_name, mutate, heavyChanges) => {
    const result = classifyInPlaceChange(base, withChange(mutate));
    expect(result).toEqual({ ok: true, mode: 'heavy', lightChanges: [], heavyChanges });
  });

  it('a mix of light and heavy changes is heavyweight and lists both', () => {
    const next = withChange((c) => {
      llm(c).num_replicas = 3;
      c.env_vars = {};
    });
    expect(classifyInPlaceChange(base, next)).toEqual({
      ok: true,
      mode: 'heavy',
      lightChanges: ['applications[chat].deployments[llm].num_replicas'],
      heavyChanges: ['env_vars'],
    });
  });

  it.each<[string, Mutation, object, string[]]>([
    ['cloud', (c) => void (c.cloud = 'gcp-prod'), {}, ['IN_PLACE_IMMUTABLE_FIELD_CHANGED:cloud']],
    [
      'image_uri',
      (c) => void (c.image_uri = 'registry.example.com/llm:1.1'),
      {},
      ['IN_PLACE_IMMUTABLE_FIELD_CHANGED:image_uri'],
    ],
    [
      'compute_config (inline, deep)',
      (c) =>
        void (c.compute_config = {
          head: 'm5.xlarge',
          workers: [{ instance: 'g5.2xlarge', min: 0, max: 4 }],
        }),
      {},
      ['IN_PLACE_IMMUTABLE_FIELD_CHANGED:compute_config'],
    ],
    [
      'canary_percent option',
      () => undefined,
      { canaryPercent: 10 },
      ['IN_PLACE_WITH_CANARY_PERCENT:canary_percent'],
    ],
    [
      'max_surge_percent option',
      () => undefined,
      { maxSurgePercent: 25 },
      ['IN_PLACE_WITH_MAX_SURGE:max_surge_percent'],
    ],
    [
      'image and both options at once',
      (c) => void (c.image_uri = 'x'),
      { canaryPercent: 10, maxSurgePercent: 25 },
      [
        'IN_PLACE_IMMUTABLE_FIELD_CHANGED:image_uri',
        'IN_PLACE_WITH_CANARY_PERCENT:canary_percent',
        'IN_PLACE_WITH_MAX_SURGE:max_surge_percent',
      ],
    ],
  ])('refused: %s', (_name, mutate, options, codes) => {
    const result = classifyInPlaceChange(base, withChange(mutate), options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusals.map((r) => `${r.code}:${r.field}`)).toEqual(codes);
  });

  it('refusals read clearly and can be thrown as a typed error', () => {
    const result = classifyInPlaceChange(
      base,
      withChange((c) => void (c.image_uri = 'x')),
    );
    if (result.ok) throw new Error('expected a refusal');
    const error = new InPlaceRefusedError(result.refusals);
    expect(error).toBeInstanceOf(InPlaceRefusedError);
    expect(error.message).toBe(
      'in-place update refused: image_uri cannot change in an in-place update; deploy without --in-place to roll out a new cluster',
    );
  });
});
