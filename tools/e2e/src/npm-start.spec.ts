import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, eventually, freePort, type TestDatabase } from '@switchyard/testing';

const root = path.resolve(__dirname, '../../..');

/**
 * The README's run command, as a new user meets it: `npm start` migrates a fresh database,
 * builds, seeds the demo organization, runs api + worker + gateway and prints a token that
 * works; Ctrl-C stops all three; a second start reuses the demo and its token.
 */
describe('npm start (end to end)', () => {
  let database: TestDatabase;
  let stateDir: string;
  let ports: { api: number; gateway: number; worker: number };
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A brand-new database, not the migrated template: npm start must migrate it itself.
    await database.drop();
    stateDir = mkdtempSync(path.join(tmpdir(), 'switchyard-start-'));
    ports = { api: await freePort(), gateway: await freePort(), worker: await freePort() };
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  function start(): { output: () => string; exited: Promise<number | null> } {
    let output = '';
    child = spawn(process.execPath, ['scripts/start.js'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        SWITCHYARD_STATE_DIR: stateDir,
        API_PORT: String(ports.api),
        GATEWAY_PORT: String(ports.gateway),
        WORKER_OPS_PORT: String(ports.worker),
        REDIS_PREFIX: `sy-e2e-${process.pid}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    return { output: () => output, exited };
  }

  const tokenFromState = () =>
    /SWITCHYARD_TOKEN=(\S+)/.exec(readFileSync(path.join(stateDir, 'demo.env'), 'utf8'))![1]!;

  async function allReady() {
    await eventually(
      async () => {
        const checks = await Promise.all([
          fetch(`http://127.0.0.1:${ports.api}/readyz`),
          fetch(`http://127.0.0.1:${ports.worker}/readyz`),
          fetch(`http://127.0.0.1:${ports.gateway}/readyz`),
        ]);
        return checks.every((r) => r.status === 200) ? true : undefined;
      },
      60_000,
      200,
    );
  }

  it('first run: migrates, seeds the demo, prints a working token; Ctrl-C stops everything', async () => {
    const run = start();
    await allReady();
    expect(run.output()).toContain('first run: demo organization created');
    const token = tokenFromState();
    expect(run.output()).toContain(token);
    expect(statSync(path.join(stateDir, 'demo.env')).mode & 0o777).toBe(0o600);

    const me = await fetch(`http://127.0.0.1:${ports.api}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { organization: { slug: string } }).organization.slug).toBe(
      'demo',
    );
    const clouds = await fetch(`http://127.0.0.1:${ports.api}/v1/clouds`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      ((await clouds.json()) as { data: { name: string; provider: string }[] }).data.map(
        (c: { name: string; provider: string }) => [c.name, c.provider],
      ),
    ).toEqual([['local', 'LOCAL']]);

    // The console is served at `/`, and the demo owner's printed password signs in to it.
    const state = readFileSync(path.join(stateDir, 'demo.env'), 'utf8');
    const email = /SWITCHYARD_CONSOLE_EMAIL=(\S+)/.exec(state)![1]!;
    const password = /SWITCHYARD_CONSOLE_PASSWORD=(\S+)/.exec(state)![1]!;
    expect(run.output()).toContain(`sign in as ${email}  password ${password}`);
    const consolePage = await fetch(`http://127.0.0.1:${ports.api}/`, {
      headers: { accept: 'text/html' },
    });
    expect(await consolePage.text()).toContain('<div id="root">');
    const signIn = await fetch(`http://127.0.0.1:${ports.api}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(signIn.status).toBe(201);

    child!.kill('SIGINT');
    expect(await run.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.api}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('second run: idempotent, same organization and token', async () => {
    const before = tokenFromState();
    const run = start();
    await allReady();
    expect(run.output()).not.toContain('first run');
    expect(tokenFromState()).toBe(before);
    const me = await fetch(`http://127.0.0.1:${ports.api}/v1/me`, {
      headers: { authorization: `Bearer ${before}` },
    });
    expect(me.status).toBe(200);
    child!.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 120_000);
});
