import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@switchyard/testing';
import { ControlPlane, type Tenant } from './support/control-plane';
import { cli, expectExit, removeTempDirs, tempDir } from './support/run-cli';
import { serviceYaml, writeServiceFile } from './support/service-files';

/**
 * Exit codes a pipeline can trust, against the real API process (no worker: nothing here needs
 * a rollout to progress): 2 before any request for a bad config or bad flags, 3 for tokens,
 * 4 for unknown things, 5 when the API cannot be reached; plus login and the project and
 * token commands.
 */
describe('switchyard CLI: errors, auth, projects and tokens (real API process)', () => {
  let plane: ControlPlane;
  let t: Tenant;
  let dir: string;
  const as = (token: string | undefined, extra: Record<string, string> = {}) => ({
    env: { SWITCHYARD_API_URL: plane.apiUrl, SWITCHYARD_TOKEN: token, ...extra },
  });

  beforeAll(async () => {
    plane = await ControlPlane.start({ worker: false });
    t = await plane.tenant();
    dir = tempDir();
  }, 90_000);
  afterAll(async () => {
    await plane?.close();
    removeTempDirs();
  });

  it('invalid config: exit 2 naming file:line:column and field, and no request is made', async () => {
    const file = writeServiceFile(
      dir,
      'svc.yaml',
      serviceYaml('web').replace('num_replicas: 2', 'num_replicas: two'),
    );
    let requests = 0;
    const counter: Server = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
      const result = expectExit(
        await cli(['service', 'deploy', '-f', file], {
          env: { SWITCHYARD_API_URL: url, SWITCHYARD_TOKEN: t.member },
        }),
        2,
      );
      expect(result.stderr).toContain(
        `${file}:10:23: applications[0].deployments[0].num_replicas: Expected number, received string`,
      );
      expect(result.stderr).toContain('nothing was deployed');
      expect(requests).toBe(0);
    } finally {
      counter.close();
    }
    // Against the real API too: the audit log (every mutation writes one) does not move.
    const before = await plane.expectOk('GET', '/v1/audit-log?limit=100', t.owner);
    expectExit(await cli(['service', 'deploy', '-f', file, '--project', 'shop'], as(t.member)), 2);
    const bad = writeServiceFile(dir, 'ok.yaml', serviceYaml('web'));
    const override = expectExit(
      await cli(
        ['service', 'deploy', '-f', bad, '-n', 'Not_A_Name', '--env', 'lower=1'],
        as(t.member),
      ),
      2,
    );
    expect(override.stderr).toMatch(/-n\/--name: name: lower-case letters/);
    expect(override.stderr).toMatch(/--env: env_vars\.lower: /);
    const after = await plane.expectOk('GET', '/v1/audit-log?limit=100', t.owner);
    expect(after.data).toEqual(before.data);
    expect((await plane.request('GET', '/v1/projects/shop/services/web', t.owner)).status).toBe(
      404,
    );
  });

  it('bad flags: exit 2 with the command usage', async () => {
    const unknown = expectExit(
      await cli(['service', 'status', '-n', 'web', '--colour'], as(t.member)),
      2,
    );
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/);
    expect(unknown.stderr).toContain('switchyard service status -n NAME');
    const percent = expectExit(
      await cli(['service', 'deploy', '-f', 'x.yaml', '--canary-percent', 'ten'], as(t.member)),
      2,
    );
    expect(percent.stderr).toContain('--canary-percent must be an integer');
    const combo = expectExit(
      await cli(
        ['service', 'deploy', '-f', 'x.yaml', '--in-place', '--max-surge-percent', '25'],
        as(t.member),
      ),
      2,
    );
    expect(combo.stderr).toContain('--in-place cannot be combined');
    expectExit(await cli(['service', 'frobnicate'], as(t.member)), 2);
    expectExit(await cli(['service', 'list', '--state', 'SLEEPING'], as(t.member)), 2);
    const help = expectExit(await cli(['service', 'deploy', '--help']), 0);
    expect(help.stdout).toContain('Examples:');
  });

  it('tokens: absent, bogus or revoked → 3; a viewer deploying → 3 (forbidden)', async () => {
    const absent = expectExit(await cli(['service', 'list'], as(undefined)), 3);
    expect(absent.stderr).toContain('no API token');
    const bogus = expectExit(await cli(['service', 'list'], as('sy_' + 'x'.repeat(43))), 3);
    expect(bogus.stderr).toContain('unauthenticated');
    const file = writeServiceFile(dir, 'viewer.yaml', serviceYaml('viewed'));
    const forbidden = expectExit(await cli(['service', 'deploy', '-f', file], as(t.viewer)), 3);
    expect(forbidden.stderr).toContain('forbidden');
  });

  it('unknown service or project → 4', async () => {
    const missing = expectExit(await cli(['service', 'status', '-n', 'ghost'], as(t.viewer)), 4);
    expect(missing.stderr).toContain('not_found');
    expectExit(
      await cli(['service', 'events', '-n', 'ghost', '--project', 'shop'], as(t.viewer)),
      4,
    );
    expectExit(await cli(['project', 'get', 'nowhere'], as(t.viewer)), 4);
  });

  it('API down (connection refused): exit 5 after a bounded number of retries', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const result = expectExit(
      await cli(['service', 'status', '-n', 'web'], {
        env: { SWITCHYARD_API_URL: url, SWITCHYARD_TOKEN: t.viewer },
        retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
      }),
      5,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toContain('after 3 attempts');
    expect(result.stderr.match(/retry \d\/2/g)).toHaveLength(2);
  });

  it('login: verifies the token, writes the config file 0600; env wins over the file', async () => {
    const configHome = tempDir('switchyard-login-');
    const file = path.join(configHome, 'switchyard', 'config.json');
    const refused = expectExit(
      await cli(['login', '--api-url', plane.apiUrl, '--token', 'sy_' + 'y'.repeat(43)], {
        env: { XDG_CONFIG_HOME: configHome },
      }),
      3,
    );
    expect(refused.stderr).toContain('unauthenticated');
    expect(existsSync(file)).toBe(false);

    const ok = expectExit(
      await cli(['login', '--api-url', plane.apiUrl, '--token', t.viewer, '--project', 'shop'], {
        env: { XDG_CONFIG_HOME: configHome },
      }),
      0,
    );
    expect(ok.stdout).toContain('logged in');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      api_url: plane.apiUrl,
      token: t.viewer,
      project: 'shop',
    });

    // The stored URL, token and project are used…
    const listed = expectExit(
      await cli(['service', 'list', '--json'], { env: { XDG_CONFIG_HOME: configHome } }),
      0,
    );
    expect(JSON.parse(listed.stdout)).toEqual([]);
    // …and SWITCHYARD_TOKEN wins over the stored token.
    expectExit(
      await cli(['service', 'list'], {
        env: { XDG_CONFIG_HOME: configHome, SWITCHYARD_TOKEN: 'sy_' + 'z'.repeat(43) },
      }),
      3,
    );
  });

  it('project list/create/get and token create/list/revoke; a new token secret is printed once and works', async () => {
    expectExit(
      await cli(['project', 'create', 'billing', '--description', 'invoices'], as(t.owner)),
      0,
    );
    const got = JSON.parse(
      expectExit(await cli(['project', 'get', 'billing', '--json'], as(t.owner)), 0).stdout,
    );
    expect(got).toEqual(expect.objectContaining({ name: 'billing', description: 'invoices' }));
    const projects = JSON.parse(
      expectExit(await cli(['project', 'list', '--json'], as(t.viewer)), 0).stdout,
    );
    expect(projects.map((p: any) => p.name).sort()).toEqual(['billing', 'default', 'shop']);
    expect(expectExit(await cli(['project', 'list'], as(t.viewer)), 0).stdout).toMatch(
      /^NAME\s+DESCRIPTION\s+CREATED\n/,
    );
    expectExit(await cli(['project', 'create', 'billing'], as(t.owner)), 4);

    const created = expectExit(
      await cli(
        [
          'token',
          'create',
          '--name',
          'ci',
          '--scope',
          'read',
          '--scope',
          'DEPLOY',
          '--project',
          'shop',
        ],
        as(t.owner),
      ),
      0,
    );
    const secret = /secret \(shown once, store it now\): (\S+)/.exec(created.stdout)![1]!;
    expectExit(await cli(['service', 'list', '--project', 'shop'], as(secret)), 0);
    const tokens = JSON.parse(
      expectExit(await cli(['token', 'list', '--json'], as(t.owner)), 0).stdout,
    );
    const ci = tokens.find((tk: any) => tk.name === 'ci');
    expect(ci).toEqual(expect.objectContaining({ scopes: ['READ', 'DEPLOY'], project: 'shop' }));
    expect(JSON.stringify(tokens)).not.toContain(secret);
    expectExit(await cli(['token', 'revoke', ci.id], as(t.owner)), 0);
    expectExit(await cli(['service', 'list', '--project', 'shop'], as(secret)), 3);
  });
});
