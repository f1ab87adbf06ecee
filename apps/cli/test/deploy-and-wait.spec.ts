import { spawn } from 'node:child_process';
import path from 'node:path';
import { eventually } from '@switchyard/testing';
import { ControlPlane, type Tenant } from './support/control-plane';
import { dropFirstDeployResponse } from './support/drop-first-response-proxy';
import { cli, expectExit, removeTempDirs, tempDir, type CliRun } from './support/run-cli';
import { serviceYaml, writeServiceFile } from './support/service-files';

const root = path.resolve(__dirname, '../../..');
const TIMESTAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /;

/**
 * Deploys through the CLI against the real API and the real worker process on the simulated
 * cloud: --wait exits 0 on SUCCEEDED and 1 on a rollback or failure, a deploy during an active
 * rollout is 4, a retried deploy starts one rollout, and the reads print parseable JSON.
 */
describe('switchyard service deploy --wait and friends (API + worker processes, SIM cloud)', () => {
  let plane: ControlPlane;
  let t: Tenant;
  let dir: string;
  const as = (token: string, apiUrl = plane.apiUrl) => ({
    env: { SWITCHYARD_API_URL: apiUrl, SWITCHYARD_TOKEN: token },
  });
  const deploy = (file: string, ...flags: string[]) =>
    cli(['service', 'deploy', '-f', file, '--project', 'shop', ...flags], as(t.member));
  const rolloutsOf = async (service: string) =>
    (await plane.expectOk('GET', `/v1/projects/shop/services/${service}/rollouts`, t.viewer)).data;

  beforeAll(async () => {
    plane = await ControlPlane.start({ worker: true });
    t = await plane.tenant();
    dir = tempDir();
  }, 90_000);
  afterAll(async () => {
    await plane?.close();
    removeTempDirs();
  });

  it('first deploy --wait: exit 0, the query token printed once, timestamped progress lines (not a TTY)', async () => {
    const file = writeServiceFile(dir, 'hello.yaml', serviceYaml('hello'));
    const result = expectExit(await deploy(file, '--wait', '--timeout-s', '60'), 0);
    expect(result.stdout).toMatch(/query token \(shown once, store it now\): sq_\S+/);
    expect(result.stdout).toMatch(/rollout \S+ SUCCEEDED: v1 of "hello" serves 100% of traffic/);
    const progress = result.stdout.split('\n').filter((l) => TIMESTAMPED.test(l));
    // Events and state lines, e.g. "…Z #2 TRANSITION PENDING → PROVISIONING: …".
    expect(progress.some((l) => /Z #\d+ TRANSITION \S+ → PROVISIONING: /.test(l))).toBe(true);
    // Replica counts are what the worker last observed: they may lag the rollout's state by a tick.
    expect(progress[progress.length - 1]).toMatch(
      / SUCCEEDED {2}v1 traffic 100% \(target 100%\) {2}primary v1 \d\/\d ready$/,
    );
    // Only changes are printed: never the same line twice in a row.
    const texts = progress.map((l) => l.replace(TIMESTAMPED, ''));
    expect(texts.filter((text, i) => text === texts[i - 1])).toEqual([]);
    expect(result.stdout).not.toContain('\r');
  });

  it('reads print JSON: status, list, events', async () => {
    const status = JSON.parse(
      expectExit(
        await cli(
          ['service', 'status', '-n', 'hello', '--project', 'shop', '--json'],
          as(t.viewer),
        ),
        0,
      ).stdout,
    );
    expect(status).toEqual(
      expect.objectContaining({ name: 'hello', state: 'RUNNING', canary: null }),
    );
    expect(status.primary).toEqual(expect.objectContaining({ name: 'v1', current_weight: 100 }));
    const list = JSON.parse(
      expectExit(
        await cli(
          ['service', 'list', '--project', 'shop', '--state', 'running', '--json'],
          as(t.viewer),
        ),
        0,
      ).stdout,
    );
    expect(list.map((s: any) => s.name)).toContain('hello');
    const events = JSON.parse(
      expectExit(
        await cli(
          ['service', 'events', '-n', 'hello', '--project', 'shop', '--json'],
          as(t.viewer),
        ),
        0,
      ).stdout,
    );
    expect(events.state).toBe('SUCCEEDED');
    expect(events.events.map((e: any) => e.to_state)).toEqual(
      expect.arrayContaining(['PROVISIONING', 'SUCCEEDED']),
    );
    // Health and replica counts are the worker's observations: poll until they are in.
    const row = /v1\s+primary\s+RUNNING\s+100%\s+100%\s+yes\s+2\/2\n\s+app\/web\s+2\/2\n/;
    await eventually(async () => {
      const status = await cli(
        ['service', 'status', '-n', 'hello', '--project', 'shop'],
        as(t.viewer),
      );
      return status.code === 0 && row.test(status.stdout) ? true : undefined;
    }, 20_000);
  });

  it('an update whose canary turns unhealthy: exit 1 with the rollback reason and the last events', async () => {
    const file = writeServiceFile(dir, 'hello-v2.yaml', serviceYaml('hello', { hold: 30 }));
    const result = expectExit(
      await deploy(
        file,
        '--env',
        'SWITCHYARD_SIM_FAULT=unhealthy_after_ms:600',
        '--wait',
        '--timeout-s',
        '60',
      ),
      1,
    );
    expect(result.stderr).toMatch(/rollout \S+ of "hello" ended ROLLED_BACK: .*unhealthy/i);
    expect(result.stderr).toContain('last events:');
    const status = JSON.parse(
      expectExit(
        await cli(
          ['service', 'status', '-n', 'hello', '--project', 'shop', '--json'],
          as(t.viewer),
        ),
        0,
      ).stdout,
    );
    expect(status.primary).toEqual(expect.objectContaining({ name: 'v1', current_weight: 100 }));
    // The rollback is over before `service wait` starts: the latest rollout still decides.
    const waited = expectExit(
      await cli(
        ['service', 'wait', '-n', 'hello', '--project', 'shop', '--timeout-s', '10'],
        as(t.viewer),
      ),
      1,
    );
    expect(waited.stderr).toMatch(/rollout \S+ of "hello" ended ROLLED_BACK: .*unhealthy/i);
  });

  it('a first version that cannot be provisioned: exit 1 naming the provider’s reason', async () => {
    const file = writeServiceFile(dir, 'broken.yaml', serviceYaml('broken'));
    const result = expectExit(
      await deploy(
        file,
        '--env',
        'SWITCHYARD_SIM_FAULT=provision_fail:no machines left in the zone',
        '--wait',
        '--timeout-s',
        '60',
      ),
      1,
    );
    expect(result.stderr).toMatch(/ended (FAILED|ROLLED_BACK): .*no machines left in the zone/);
  });

  it('--wait past --timeout-s: exit 1 saying it timed out (the rollout goes on on the server)', async () => {
    const file = writeServiceFile(dir, 'slow.yaml', serviceYaml('slow'));
    const flags = [
      '--env',
      'SWITCHYARD_SIM_FAULT=slow_start_ms:600000',
      '--wait',
      '--timeout-s',
      '1',
    ];
    const result = expectExit(await deploy(file, ...flags), 1);
    expect(result.stderr).toMatch(/timed out after 1 s waiting for rollout \S+ of "slow" \(still /);
    expectExit(
      await cli(['service', 'terminate', '-n', 'slow', '--project', 'shop'], as(t.member)),
      0,
    );
  });

  it('a deploy during an active rollout is 4; canary-percent 100 then `service wait` finishes it', async () => {
    const file = writeServiceFile(dir, 'hello-v3.yaml', serviceYaml('hello'));
    const manual = expectExit(await deploy(file, '--canary-percent', '10', '--json'), 0);
    const rolloutId = JSON.parse(manual.stdout).rollout.id;
    const second = expectExit(await deploy(file), 4);
    expect(second.stderr).toContain(rolloutId);
    // `service wait` and `service status --watch` follow it while it is moved to 100 %.
    let seen = '';
    const waiting = cli(
      ['service', 'wait', '-n', 'hello', '--project', 'shop', '--timeout-s', '60'],
      as(t.viewer),
    );
    const watching = cli(
      ['service', 'status', '-n', 'hello', '--project', 'shop', '--watch', '--json'],
      { ...as(t.viewer), onOutput: (text) => (seen += text) },
    );
    await eventually(
      async () => (/ PAUSED {2}v3 traffic 10% /.test(seen) ? true : undefined),
      30_000,
    );
    expectExit(
      await cli(
        ['service', 'canary-percent', '-n', 'hello', '--project', 'shop', '--percent', '100'],
        as(t.member),
      ),
      0,
    );
    const waited = expectExit(await waiting, 0);
    expect(waited.stdout).toContain('service "hello" is RUNNING');
    const watched = expectExit(await watching, 0);
    expect(JSON.parse(watched.stdout)).toEqual(
      expect.objectContaining({ state: 'RUNNING', active_rollout_id: null, canary: null }),
    );
    expect(watched.stderr).toMatch(/Z service ROLLING_OUT {2}PAUSED {2}v3 traffic 10% /);
    expect((await rolloutsOf('hello'))[0]).toEqual(
      expect.objectContaining({ id: rolloutId, state: 'SUCCEEDED' }),
    );
  });

  it('rollback --wait: exit 0 once the rollout is ROLLED_BACK', async () => {
    const file = writeServiceFile(dir, 'hello-v4.yaml', serviceYaml('hello'));
    const manual = JSON.parse(
      expectExit(await deploy(file, '--canary-percent', '50', '--json'), 0).stdout,
    );
    const rolledBack = expectExit(
      await cli(
        ['service', 'rollback', '-n', 'hello', '--project', 'shop', '--wait', '--timeout-s', '60'],
        as(t.member),
      ),
      0,
    );
    expect(rolledBack.stdout).toContain(`rollback accepted for rollout ${manual.rollout.id}`);
    expect(rolledBack.stdout).toMatch(/rollout \S+ ROLLED_BACK: /);
    const timeline = expectExit(
      await cli(['service', 'events', '-n', 'hello', '--project', 'shop'], as(t.viewer)),
      0,
    ).stdout;
    expect(timeline).toMatch(/state\s+ROLLED_BACK/);
  });

  it('a deploy whose answer is lost is retried with the same Idempotency-Key: one rollout', async () => {
    const proxy = await dropFirstDeployResponse(Number(new URL(plane.apiUrl).port));
    try {
      const file = writeServiceFile(dir, 'flaky.yaml', serviceYaml('flaky'));
      const result = expectExit(
        await cli(
          ['service', 'deploy', '-f', file, '--project', 'shop', '--wait', '--timeout-s', '60'],
          as(t.member, proxy.url),
        ),
        0,
      );
      expect(proxy.dropped()).toBe(1);
      expect(result.stderr).toMatch(
        /POST \/v1\/projects\/shop\/services\/flaky\/deploy: .*; retry 1\//,
      );
      expect(result.stdout).toContain('rotate-token');
      expect(await rolloutsOf('flaky')).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('rotate-token / finish-rotation; terminate then wait --state TERMINATED', async () => {
    const rotated = expectExit(
      await cli(['service', 'rotate-token', '-n', 'flaky', '--project', 'shop'], as(t.member)),
      0,
    );
    expect(rotated.stdout).toMatch(/new query token \(shown once, store it now\): sq_/);
    expectExit(
      await cli(['service', 'finish-rotation', '-n', 'flaky', '--project', 'shop'], as(t.member)),
      0,
    );
    expectExit(
      await cli(['service', 'finish-rotation', '-n', 'flaky', '--project', 'shop'], as(t.member)),
      4,
    );
    expectExit(
      await cli(['service', 'terminate', '-n', 'flaky', '--project', 'shop'], as(t.member)),
      0,
    );
    expectExit(
      await cli(
        [
          'service',
          'wait',
          '-n',
          'flaky',
          '--project',
          'shop',
          '--state',
          'TERMINATED',
          '--timeout-s',
          '30',
        ],
        as(t.viewer),
      ),
      0,
    );
  });

  it('the ./switchyard executable at the repo root runs the CLI', async () => {
    const run = await new Promise<CliRun>((resolve) => {
      const child = spawn(
        path.join(root, 'switchyard'),
        ['service', 'status', '-n', 'hello', '--project', 'shop', '--json'],
        {
          cwd: root,
          env: {
            PATH: process.env.PATH,
            HOME: tempDir(),
            SWITCHYARD_API_URL: plane.apiUrl,
            SWITCHYARD_TOKEN: t.viewer,
          },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    expectExit(run, 0);
    expect(JSON.parse(run.stdout)).toEqual(
      expect.objectContaining({ name: 'hello', state: 'RUNNING' }),
    );
  });
});
