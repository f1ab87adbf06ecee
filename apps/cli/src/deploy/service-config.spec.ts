import { loadDeployConfig } from './service-config';

const yaml = `name: web
cloud: sim
env_vars:
  LOG_LEVEL: info
applications:
  - name: app
    route_prefix: /
    command: node server.js
    deployments:
      - name: web
        num_replicas: 2
`;
const none = { env: {} };

describe('service config with command-line overrides', () => {
  it('sends what the file says when nothing is overridden (defaults are the API’s to fill)', () => {
    const loaded = loadDeployConfig(yaml, 'svc.yaml', none);
    expect(loaded).toEqual({
      ok: true,
      config: expect.objectContaining({
        name: 'web',
        cloud: 'sim',
        env_vars: { LOG_LEVEL: 'info' },
      }),
    });
    expect(loaded.ok && 'rollout' in loaded.config).toBe(false);
  });

  it('applies -n, --version-name, --cloud, --project and --env (merged over the file’s env_vars)', () => {
    const loaded = loadDeployConfig(yaml, 'svc.yaml', {
      name: 'api',
      versionName: 'v7',
      cloud: 'aws-east',
      project: 'shop',
      env: { LOG_LEVEL: 'debug', FEATURE_X: 'on' },
    });
    expect(loaded.ok && loaded.config).toEqual(
      expect.objectContaining({
        name: 'api',
        version_name: 'v7',
        cloud: 'aws-east',
        project: 'shop',
        env_vars: { LOG_LEVEL: 'debug', FEATURE_X: 'on' },
      }),
    );
  });

  it('file errors carry file:line:column and the field', () => {
    const loaded = loadDeployConfig(
      yaml.replace('num_replicas: 2', 'num_replicas: -3\n        colour: blue'),
      'svc.yaml',
      none,
    );
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.problems).toEqual([
      expect.stringMatching(
        /^svc\.yaml:11:23: applications\[0\]\.deployments\[0\]\.num_replicas: /,
      ),
      'svc.yaml:12:9: applications[0].deployments[0].colour: Unknown key "colour"',
    ]);
  });

  it('a YAML syntax error is reported with its position', () => {
    const loaded = loadDeployConfig('name: web\napplications: [\n', 'svc.yaml', none);
    expect(!loaded.ok && loaded.problems[0]).toMatch(/^svc\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('a field the command line replaces is not an error (no `name:` in the file, -n given)', () => {
    const loaded = loadDeployConfig(yaml.replace('name: web\n', ''), 'svc.yaml', {
      name: 'web',
      env: {},
    });
    expect(loaded.ok && loaded.config.name).toBe('web');
    const missing = loadDeployConfig(yaml.replace('name: web\n', ''), 'svc.yaml', none);
    expect(!missing.ok && missing.problems).toEqual(['svc.yaml:1:1: name: Required']);
  });

  it('a bad override is named by its flag', () => {
    const loaded = loadDeployConfig(yaml, 'svc.yaml', {
      name: 'Web Shop',
      cloud: 'x',
      env: { 'bad-key': '1' },
    });
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^-n\/--name: name: /),
        expect.stringMatching(/^--env: env_vars\["bad-key"\]: /),
      ]),
    );
  });
});
