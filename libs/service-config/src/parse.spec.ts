import { formatConfigErrors, prefixConfigErrors } from './errors';
import { HELLO_CONFIG, HELLO_YAML } from './fixtures/hello';
import { parseServiceConfig, validateServiceConfig } from './parse';

const MINIMAL = {
  name: 'hello',
  applications: [{ name: 'app', route_prefix: '/', command: 'run', deployments: [{ name: 'D' }] }],
};

describe('parseServiceConfig', () => {
  it('parses hello.yaml with every default filled in', () => {
    expect(parseServiceConfig(HELLO_YAML, { fileName: 'hello.yaml' })).toStrictEqual({
      ok: true,
      config: HELLO_CONFIG,
    });
  });

  it('parses the same config written as JSON (format from the file name or the option)', () => {
    const json = JSON.stringify(HELLO_CONFIG, null, 2);
    expect(parseServiceConfig(json, { fileName: 'hello.json' })).toStrictEqual({
      ok: true,
      config: HELLO_CONFIG,
    });
    expect(parseServiceConfig(json, { format: 'json' })).toStrictEqual({
      ok: true,
      config: HELLO_CONFIG,
    });
  });

  it('locates schema errors in JSON text too', () => {
    const json = JSON.stringify({ ...MINIMAL, query_auth_token_enabled: 'no' }, null, 2);
    const result = parseServiceConfig(json, { format: 'json' });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'query_auth_token_enabled',
          message: 'Expected boolean, received string',
          line: 15,
          column: 31,
        },
      ],
    });
  });

  it.each([
    ['a YAML document', 'name: hello', undefined],
    ['a value missing (valid YAML, invalid JSON)', '{"name": }', undefined],
    // V8 reports an offset here (22): the quote opening "applications".
    ['a missing comma', '{\n  "name": "hello"\n  "applications": []\n}', { line: 3, column: 3 }],
  ])('holds JSON input to JSON: %s', (_title, text, position) => {
    const result = parseServiceConfig(text, { format: 'json' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toBe('');
    expect(result.errors[0]!.message).toMatch(/^JSON syntax error: /);
    expect(result.errors[0]!.line).toBe(position?.line);
    expect(result.errors[0]!.column).toBe(position?.column);
  });

  it.each([
    [
      'a block mapping inside a flow sequence',
      'name: hello\napplications: [a,\n  b: c: d\n',
      3,
      /^YAML syntax error: /,
    ],
    ['a tab-indented key', 'name: hello\napplications:\n\t- name: x\n', 3, /^YAML syntax error: /],
    [
      'a duplicate key',
      'name: hello\nname: again\n',
      2,
      /^YAML syntax error: Map keys must be unique/,
    ],
  ])('reports YAML syntax errors with their line: %s', (_title, text, line, message) => {
    const result = parseServiceConfig(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: '', line });
    expect(result.errors[0]!.message).toMatch(message);
  });

  it.each([
    ['an empty file', ''],
    ['only a comment', '# nothing yet\n'],
  ])('reports %s as empty', (_title, text) => {
    expect(parseServiceConfig(text)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'the YAML document is empty' }],
    });
  });

  it('reports a document that is not a mapping at line 1', () => {
    expect(parseServiceConfig('- a\n- b\n')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'Expected object, received array', line: 1, column: 1 }],
    });
  });

  it('reports every problem at once', () => {
    const text = ['name: Hello', 'colour: red', 'applications: []'].join('\n');
    const result = parseServiceConfig(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.line])).toEqual([
      ['name', 1],
      ['applications', 3],
      ['colour', 2],
    ]);
  });

  it('resolves YAML anchors and aliases', () => {
    const text = [
      'name: hello',
      'applications:',
      '  - name: a',
      '    route_prefix: /a',
      '    command: run',
      '    deployments: &deps',
      '      - { name: D, num_replicas: 3 }',
      '  - name: b',
      '    route_prefix: /b',
      '    command: run',
      '    deployments: *deps',
    ].join('\n');
    const result = parseServiceConfig(text);
    expect(
      result.ok && result.config.applications.map((a) => a.deployments[0]!.num_replicas),
    ).toEqual([3, 3]);
  });
});

describe('validateServiceConfig (parsed JSON bodies)', () => {
  it('accepts a minimal config and fills defaults', () => {
    const result = validateServiceConfig(MINIMAL);
    expect(result.ok && result.config.applications[0]!.deployments[0]).toEqual({
      name: 'D',
      num_replicas: 1,
      max_ongoing_requests: 5,
      health_check_path: '/healthz',
      health_check_period_s: 10,
      health_check_timeout_s: 30,
      graceful_shutdown_timeout_s: 20,
      ray_actor_options: {},
    });
  });

  it('keeps the gateway settings as written, and leaves them out when absent (no default)', () => {
    const result = validateServiceConfig({
      ...MINIMAL,
      request_timeout_s: 0.5,
      sticky_versions: true,
    });
    expect(result.ok && [result.config.request_timeout_s, result.config.sticky_versions]).toEqual([
      0.5, true,
    ]);
    const minimal = validateServiceConfig(MINIMAL);
    expect(minimal.ok && Object.keys(minimal.config)).not.toContain('request_timeout_s');
    expect(minimal.ok && Object.keys(minimal.config)).not.toContain('sticky_versions');
  });

  it('names the gateway setting that is out of bounds, with its limit', () => {
    expect(validateServiceConfig({ ...MINIMAL, request_timeout_s: 7200 })).toStrictEqual({
      ok: false,
      errors: [{ path: 'request_timeout_s', message: 'must be at most 3600' }],
    });
    expect(validateServiceConfig({ ...MINIMAL, request_timeout_s: 0 })).toStrictEqual({
      ok: false,
      errors: [{ path: 'request_timeout_s', message: 'must be above 0' }],
    });
  });

  it('reports paths without line numbers', () => {
    const body = {
      ...MINIMAL,
      applications: [
        { ...MINIMAL.applications[0], deployments: [{ name: 'D', num_replicas: '2' }] },
      ],
    };
    expect(validateServiceConfig(body)).toStrictEqual({
      ok: false,
      errors: [
        {
          path: 'applications[0].deployments[0].num_replicas',
          message: 'Expected number, received string',
        },
      ],
    });
  });

  it.each([
    ['null', null, 'Expected object, received null'],
    ['a string', 'name: x', 'Expected object, received string'],
  ])('rejects %s at the root', (_title, value, message) => {
    expect(validateServiceConfig(value)).toEqual({ ok: false, errors: [{ path: '', message }] });
  });
});

describe('formatConfigErrors / prefixConfigErrors', () => {
  const errors = [
    {
      path: 'applications[0].deployments[0].num_replicas',
      message: 'Expected number, received string',
      line: 12,
      column: 7,
    },
    { path: 'name', message: 'Required' },
    { path: '', message: 'YAML syntax error: bad', line: 3, column: 1 },
  ];

  it('prints compiler-style lines for the CLI', () => {
    expect(formatConfigErrors(errors, 'svc.yaml')).toBe(
      [
        'svc.yaml:12:7: applications[0].deployments[0].num_replicas: Expected number, received string',
        'svc.yaml: name: Required',
        'svc.yaml:3:1: YAML syntax error: bad',
      ].join('\n'),
    );
  });

  it('prefixes paths for the API', () => {
    expect(prefixConfigErrors(errors, 'body.config').map((e) => e.path)).toEqual([
      'body.config.applications[0].deployments[0].num_replicas',
      'body.config.name',
      'body.config',
    ]);
  });
});
