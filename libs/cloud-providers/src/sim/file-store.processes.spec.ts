/**
 * FileSimStore across real OS processes: the scenario of the worker crash tests. The sim's
 * sources are compiled with SWC into a temp dir and run by child `node` processes.
 */
import { transformFileSync } from '@swc/core';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterSpec } from '../port';
import { countProvisions, createSimProvider } from './provider';
import { FileSimStore } from './store';

const SRC = path.resolve(__dirname, '..');
const CHILD = `
const { createSimProvider } = require('./sim/provider.js');
const { FileSimStore } = require('./sim/store.js');
const [dir, who, count, staleLockMs] = process.argv.slice(2);
const sim = createSimProvider({ store: new FileSimStore(dir, { staleLockMs: Number(staleLockMs) }), clock: Date.now });
const target = (n) => [{ application: 'app', deployment: 'web', target: { kind: 'static', replicas: n } }];
(async () => {
  const n = Number(count);
  if (n > 0) {
    await Promise.all(Array.from({ length: n }, (_, i) => sim.setCapacity({ providerClusterId: 'sim-1' }, target((i % 4) + 1), who + '-' + i)));
    process.stdout.write('done');
  } else {
    process.stdout.write('looping');
    for (let i = 0; ; i++) await sim.setCapacity({ providerClusterId: 'sim-1' }, target((i % 4) + 1), who + '-' + i);
  }
})().catch((err) => { console.error(err); process.exit(1); });
`;

let build: string;
let dir: string;

beforeAll(() => {
  build = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-build-'));
  const files = ['port.ts', ...fs.readdirSync(path.join(SRC, 'sim')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')).map((f) => `sim/${f}`)];
  fs.mkdirSync(path.join(build, 'sim'));
  for (const f of files) {
    const { code } = transformFileSync(path.join(SRC, f), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    fs.writeFileSync(path.join(build, f.replace(/\.ts$/, '.js')), code);
  }
  fs.writeFileSync(path.join(build, 'child.js'), CHILD);
});
afterAll(() => fs.rmSync(build, { recursive: true, force: true }));
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-procs-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function child(who: string, count: number, staleLockMs: number): { proc: ChildProcess; out: Promise<{ code: number | null; stdout: string; stderr: string }>; started: Promise<void> } {
  const proc = spawn(process.execPath, [path.join(build, 'child.js'), dir, who, String(count), String(staleLockMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  proc.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    markStarted();
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const out = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => proc.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { proc, out, started };
}

const spec: ClusterSpec = {
  clusterKey: 'ro/ver',
  labels: { orgId: 'o', projectId: 'p', serviceId: 's', serviceName: 's', versionId: 'ver', versionName: 'v', rolloutId: 'ro' },
  cloud: { provider: 'SIM', region: 'sim', zone: null, settings: {}, credentials: null },
  compute: null,
  imageUri: null,
  env: {},
  applications: [{ name: 'app', routePrefix: '/', healthCheck: { path: '/', periodS: 1, timeoutS: 1 }, deployments: [{ name: 'web', maxOngoingRequests: 5, resources: {} }] }],
  targets: [{ application: 'app', deployment: 'web', target: { kind: 'static', replicas: 1 } }],
};

describe('FileSimStore shared by OS processes', () => {
  it('two processes × 25 concurrent setCapacity + this process: no update lost', async () => {
    const sim = createSimProvider({ store: new FileSimStore(dir), clock: Date.now });
    await sim.provisionCluster(spec);
    const a = child('a', 25, 10_000);
    const b = child('b', 25, 10_000);
    await Promise.all(Array.from({ length: 10 }, (_, i) => sim.setCapacity({ providerClusterId: 'sim-1' }, spec.targets, `main-${i}`)));
    for (const r of await Promise.all([a.out, b.out])) expect(r).toEqual({ code: 0, stdout: 'done', stderr: '' });
    const ledger = await sim.ledger({ method: 'setCapacity', outcome: 'applied' });
    expect(ledger).toHaveLength(60);
    expect(new Set(ledger.map((e) => e.seq)).size).toBe(60);
    expect(Object.keys((await sim.snapshot()).clusters['sim-1']!.appliedKeys)).toHaveLength(60);
  }, 30_000);

  it('a SIGKILLed process leaves a consistent state; its stale lock is broken', async () => {
    const sim = createSimProvider({ store: new FileSimStore(dir, { staleLockMs: 500 }), clock: Date.now });
    await sim.provisionCluster(spec);
    const looper = child('k', 0, 500);
    await looper.started;
    await new Promise((r) => setTimeout(r, 300));
    looper.proc.kill('SIGKILL');
    expect((await looper.out).code).toBeNull();
    await sim.provisionCluster(spec); // takes the lock (breaking it if the kill left one)
    const snap = await sim.snapshot();
    const applied = snap.ledger.filter((e) => e.method === 'setCapacity' && e.outcome === 'applied');
    expect(applied.length).toBeGreaterThan(0);
    expect(Object.keys(snap.clusters['sim-1']!.appliedKeys)).toHaveLength(applied.length);
    expect(countProvisions(snap.ledger)).toEqual({ 'ro/ver': 1 });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 30_000);
});
