import type { DeploymentTarget } from '@switchyard/rollout';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProviderError, type ClusterSpec, type ClusterStatus, type ComputeSpec } from '../port';
import { createSimProviderFromEnv } from './env';
import { formatSimFaults, parseSimFaults, SIM_FAULT_ENV } from './faults';
import { countProvisions, createSimProvider, type SimProvider, type SimProviderOptions } from './provider';
import { FileSimStore, InMemorySimStore } from './store';

const T0 = 1_700_000_000_000;

function spec(n = 1, patch: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    clusterKey: `ro-${n}/ver-${n}`,
    labels: {
      orgId: 'org',
      projectId: 'prj',
      serviceId: 'svc',
      serviceName: 'svc-name',
      versionId: `ver-${n}`,
      versionName: `v${n}`,
      rolloutId: `ro-${n}`,
    },
    cloud: { provider: 'SIM', region: 'sim', zone: null, settings: {}, credentials: null },
    compute: null,
    imageUri: null,
    env: {},
    applications: [
      {
        name: 'front',
        routePrefix: '/',
        healthCheck: { path: '/', periodS: 1, timeoutS: 1 },
        deployments: [{ name: 'web', maxOngoingRequests: 5, resources: {} }],
      },
      {
        name: 'ml',
        routePrefix: '/ml',
        healthCheck: { path: '/', periodS: 1, timeoutS: 1 },
        deployments: [{ name: 'model', maxOngoingRequests: 5, resources: { gpus: 1 } }],
      },
    ],
    targets: [web(2), { application: 'ml', deployment: 'model', target: { kind: 'static', replicas: 1 } }],
    ...patch,
  };
}

function web(replicas: number): DeploymentTarget {
  return { application: 'front', deployment: 'web', target: { kind: 'static', replicas } };
}

function setup(options: Partial<SimProviderOptions> = {}) {
  const clock = { now: T0 };
  const sim = createSimProvider({ store: new InMemorySimStore(), clock: () => clock.now, ...options });
  return { sim, clock, advance: (ms: number) => (clock.now += ms) };
}

const dep = (s: ClusterStatus, name: string) => s.deployments.find((d) => d.deployment === name)!;
const app = (s: ClusterStatus, name: string) => s.applications.find((a) => a.name === name)!;

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('sim provider: model', () => {
  it('replicas become ready readyAfterMs after start; the cluster runs after nodeStartMs', async () => {
    const { sim, advance } = setup({ readyAfterMs: 1_000, nodeStartMs: 500 });
    const h = await sim.provisionCluster(spec());
    let s = await sim.describeCluster(h);
    expect(s.state).toBe('PROVISIONING');
    expect(s.healthy).toBe(false);
    // No compute config: HEAD + one `default` worker (3 replicas, 4 per node).
    expect(s.nodes.map((n) => `${n.role}:${n.state}`)).toEqual(['HEAD:PENDING', 'WORKER:PENDING']);
    expect(dep(s, 'web')).toMatchObject({ desiredReplicas: 2, readyReplicas: 0 });
    advance(1_499);
    s = await sim.describeCluster(h);
    expect(s.state).toBe('RUNNING');
    expect(dep(s, 'web').readyReplicas).toBe(0);
    expect(app(s, 'front')).toEqual({ name: 'front', healthy: false, message: expect.stringContaining('starting') });
    advance(1);
    s = await sim.describeCluster(h);
    expect(s.healthy).toBe(true);
    expect(dep(s, 'web').replicas).toEqual([
      { replicaId: 'sim-1:front:web:1', endpoint: 'http://sim.invalid/sim-1/front/web/1', ready: true, draining: false },
      { replicaId: 'sim-1:front:web:2', endpoint: 'http://sim.invalid/sim-1/front/web/2', ready: true, draining: false },
    ]);
  });

  it('autoscaling targets run initialReplicas, or minReplicas when larger, capped at max', async () => {
    const { sim } = setup();
    const auto = (minReplicas: number, initialReplicas: number, maxReplicas: number): DeploymentTarget => ({
      application: 'front',
      deployment: 'web',
      target: { kind: 'autoscaling', minReplicas, initialReplicas, maxReplicas },
    });
    const h = await sim.provisionCluster(spec(1, { targets: [auto(1, 3, 5)] }));
    expect(dep(await sim.describeCluster(h), 'web')).toMatchObject({ desiredReplicas: 3, readyReplicas: 3 });
    await sim.setCapacity(h, [auto(4, 2, 8)], 'k1');
    expect(dep(await sim.describeCluster(h), 'web')).toMatchObject({ desiredReplicas: 4, readyReplicas: 4 });
    await sim.setCapacity(h, [auto(1, 9, 6)], 'k2');
    expect(dep(await sim.describeCluster(h), 'web')).toMatchObject({ desiredReplicas: 6, readyReplicas: 6 });
    // A deployment in the applications without a target starts with one replica.
    expect(dep(await sim.describeCluster(h), 'model')).toMatchObject({ desiredReplicas: 1, readyReplicas: 1 });
  });

  it('scale-down drains the newest replicas: reported draining once, then removed', async () => {
    const { sim } = setup();
    const h = await sim.provisionCluster(spec(1, { targets: [web(3)] }));
    await sim.setCapacity(h, [web(1)], 'down');
    const first = dep(await sim.describeCluster(h), 'web');
    expect(first).toMatchObject({ desiredReplicas: 1, readyReplicas: 1 });
    expect(first.replicas.map((r) => [r.replicaId, r.ready, r.draining])).toEqual([
      ['sim-1:front:web:1', true, false],
      ['sim-1:front:web:2', false, true],
      ['sim-1:front:web:3', false, true],
    ]);
    const second = dep(await sim.describeCluster(h), 'web');
    expect(second.replicas.map((r) => r.replicaId)).toEqual(['sim-1:front:web:1']);
    await sim.setCapacity(h, [web(2)], 'up');
    expect(dep(await sim.describeCluster(h), 'web').replicas.map((r) => r.replicaId)).toEqual(['sim-1:front:web:1', 'sim-1:front:web:4']);
  });

  it('sizes worker nodes per group (GPU deployments on the GPU group) and stops extra nodes newest first', async () => {
    const compute: ComputeSpec = {
      headNode: { instanceType: 'm5.large' },
      workerGroups: [
        { name: 'cpu', instanceType: 'm5.xlarge', gpuType: null, gpuCount: 0, minNodes: 1, maxNodes: 10 },
        { name: 'gpu', instanceType: 'g5.2xlarge', gpuType: 'A10G', gpuCount: 2, minNodes: 0, maxNodes: 3 },
      ],
    };
    const { sim, advance } = setup({ replicasPerNode: 4 });
    const model = (replicas: number): DeploymentTarget => ({ application: 'ml', deployment: 'model', target: { kind: 'static', replicas } });
    const h = await sim.provisionCluster(spec(1, { compute, targets: [web(9), model(3)] }));
    const groups = (s: ClusterStatus) =>
      s.nodes.filter((n) => n.stoppedAt === null).map((n) => `${n.role}:${n.groupName}:${n.instanceType}:${n.gpuType ?? '-'}x${n.gpuCount}`);
    let s = await sim.describeCluster(h);
    // 9 web replicas / 4 per node → 3 cpu nodes; 3 one-GPU replicas / 2 GPUs per node → 2 gpu nodes.
    expect(groups(s)).toEqual([
      'HEAD:head:m5.large:-x0',
      'WORKER:cpu:m5.xlarge:-x0',
      'WORKER:cpu:m5.xlarge:-x0',
      'WORKER:cpu:m5.xlarge:-x0',
      'WORKER:gpu:g5.2xlarge:A10Gx2',
      'WORKER:gpu:g5.2xlarge:A10Gx2',
    ]);
    advance(10);
    await sim.setCapacity(h, [web(1), model(0)], 'down');
    await sim.describeCluster(h); // draining replicas still hold their nodes
    s = await sim.describeCluster(h); // removed: nodes shrink to the group minimums
    expect(groups(s)).toEqual(['HEAD:head:m5.large:-x0', 'WORKER:cpu:m5.xlarge:-x0']);
    const stopped = s.nodes.filter((n) => n.stoppedAt !== null);
    expect(stopped.map((n) => n.providerNodeId)).toEqual(['sim-1-cpu-2', 'sim-1-cpu-3', 'sim-1-gpu-4', 'sim-1-gpu-5']);
    expect(stopped.every((n) => n.stoppedAt === T0 + 10 && n.state === 'STOPPED')).toBe(true);
  });

  it('light in-place keeps existing replicas; heavy replaces the named replica once its successor is ready', async () => {
    const { sim, advance } = setup({ readyAfterMs: 1_000 });
    const s0 = spec();
    const h = await sim.provisionCluster(s0);
    advance(1_000);
    await sim.updateInPlace(h, { mode: 'light', targets: [web(3)], applications: s0.applications }, 'light');
    let s = await sim.describeCluster(h);
    expect(dep(s, 'web').replicas.map((r) => [r.replicaId, r.ready])).toEqual([
      ['sim-1:front:web:1', true],
      ['sim-1:front:web:2', true],
      ['sim-1:front:web:3', false],
    ]);
    advance(1_000);
    const heavy = { mode: 'heavy' as const, replica: { application: 'front', deployment: 'web', replicaId: 'sim-1:front:web:1' }, applications: s0.applications, env: {} };
    await sim.updateInPlace(h, heavy, 'heavy-1');
    await sim.updateInPlace(h, heavy, 'heavy-1'); // replay
    s = await sim.describeCluster(h);
    expect(dep(s, 'web')).toMatchObject({ desiredReplicas: 3, readyReplicas: 3 }); // the old one still serves
    expect(dep(s, 'web').replicas.map((r) => r.replicaId)).toEqual([
      'sim-1:front:web:1',
      'sim-1:front:web:2',
      'sim-1:front:web:3',
      'sim-1:front:web:4',
    ]);
    expect(s.replacedReplicaIds).toEqual([]);
    advance(1_000);
    s = await sim.describeCluster(h);
    expect(s.replacedReplicaIds).toEqual(['sim-1:front:web:1']);
    expect(dep(s, 'web').replicas.map((r) => r.replicaId)).toEqual(['sim-1:front:web:2', 'sim-1:front:web:3', 'sim-1:front:web:4']);
    expect(dep(s, 'web').readyReplicas).toBe(3);
    // Asking again for a replica already replaced (other key) is harmless; an unknown one is not_found.
    await sim.updateInPlace(h, heavy, 'heavy-1-again');
    const err = await rejection(sim.updateInPlace(h, { ...heavy, replica: { ...heavy.replica, replicaId: 'nope' } }, 'heavy-x'));
    expect(err.kind).toBe('not_found');
    expect(await sim.ledger({ method: 'updateInPlace', outcome: 'noop' })).toHaveLength(1);
  });

  it('rejects targets for unknown deployments and mutations of a terminated cluster (invalid_request)', async () => {
    const { sim } = setup();
    const h = await sim.provisionCluster(spec());
    const bad = await rejection(sim.setCapacity(h, [{ application: 'front', deployment: 'nope', target: { kind: 'static', replicas: 1 } }], 'bad'));
    expect([bad.kind, bad.retryable]).toEqual(['invalid_request', false]);
    await sim.setCapacity(h, [web(3)], 'before');
    await sim.terminateCluster(h, 'term');
    expect((await rejection(sim.setCapacity(h, [web(1)], 'after'))).kind).toBe('invalid_request');
    await sim.setCapacity(h, [web(3)], 'before'); // a replay of an applied key is still a no-op
    const s = await sim.describeCluster(h);
    expect(s).toMatchObject({ state: 'TERMINATED', healthy: false });
    expect(s.deployments.every((d) => d.desiredReplicas === 0 && d.replicas.length === 0)).toBe(true);
  });
});

describe('sim provider: ledger', () => {
  it('records every call with method, key, clusterKey, at and outcome', async () => {
    const { sim, advance } = setup();
    const h = await sim.provisionCluster(spec());
    advance(5);
    await sim.provisionCluster(spec());
    await sim.provisionCluster(spec(2));
    await sim.setCapacity(h, [web(3)], 'cap');
    await sim.setCapacity(h, [web(3)], 'cap');
    await sim.describeCluster(h);
    await sim.findClusters({ serviceId: 'svc' });
    await sim.terminateCluster(h, 'term');
    await sim.terminateCluster(h, 'term');
    await rejection(sim.describeCluster({ providerClusterId: 'ghost' }));
    const ledger = await sim.ledger();
    expect(ledger.map((e) => [e.seq, e.method, e.key, e.clusterKey, e.providerClusterId, e.at - T0, e.outcome, e.errorKind])).toEqual([
      [1, 'provisionCluster', 'ro-1/ver-1', 'ro-1/ver-1', 'sim-1', 0, 'applied', null],
      [2, 'provisionCluster', 'ro-1/ver-1', 'ro-1/ver-1', 'sim-1', 5, 'noop', null],
      [3, 'provisionCluster', 'ro-2/ver-2', 'ro-2/ver-2', 'sim-2', 5, 'applied', null],
      [4, 'setCapacity', 'cap', 'ro-1/ver-1', 'sim-1', 5, 'applied', null],
      [5, 'setCapacity', 'cap', 'ro-1/ver-1', 'sim-1', 5, 'noop', null],
      [6, 'describeCluster', null, 'ro-1/ver-1', 'sim-1', 5, 'read', null],
      [7, 'findClusters', null, null, null, 5, 'read', null],
      [8, 'terminateCluster', 'term', 'ro-1/ver-1', 'sim-1', 5, 'applied', null],
      [9, 'terminateCluster', 'term', 'ro-1/ver-1', 'sim-1', 5, 'noop', null],
      [10, 'describeCluster', null, null, 'ghost', 5, 'error', 'not_found'],
    ]);
    expect(countProvisions(ledger)).toEqual({ 'ro-1/ver-1': 1, 'ro-2/ver-2': 1 });
    expect(await sim.ledger({ method: 'setCapacity', outcome: 'applied' })).toHaveLength(1);
  });

  it('leaves reads out when ledgerReads is false', async () => {
    const { sim } = setup({ ledgerReads: false });
    const h = await sim.provisionCluster(spec());
    await sim.describeCluster(h);
    await sim.findClusters({});
    expect((await sim.ledger()).map((e) => e.method)).toEqual(['provisionCluster']);
  });
});

describe('sim provider: faults', () => {
  it('parses and formats the fault grammar', () => {
    const text = 'provision_fail:image pull: denied, slow_start_ms:250,unhealthy_after_ms:30000@ml,unhealthy_after_ms:5,capacity_error,throttle_once,unavailable';
    const faults = parseSimFaults(text);
    expect(faults).toEqual([
      { kind: 'provision_fail', reason: 'image pull: denied' },
      { kind: 'slow_start_ms', ms: 250 },
      { kind: 'unhealthy_after_ms', ms: 30_000, application: 'ml' },
      { kind: 'unhealthy_after_ms', ms: 5, application: null },
      { kind: 'capacity_error' },
      { kind: 'throttle_once' },
      { kind: 'unavailable' },
    ]);
    expect(parseSimFaults(formatSimFaults(faults))).toEqual(faults);
    expect(parseSimFaults('')).toEqual([]);
    for (const bad of ['explode', 'slow_start_ms', 'slow_start_ms:-1', 'slow_start_ms:1.5', 'capacity_error:x', 'unhealthy_after_ms:5@']) {
      expect(() => parseSimFaults(bad)).toThrow(ProviderError);
    }
  });

  it('provision_fail: the cluster goes FAILED with the reason when it would have run', async () => {
    const { sim, advance } = setup({ nodeStartMs: 1_000 });
    const h = await sim.provisionCluster(spec(1, { env: { [SIM_FAULT_ENV]: 'provision_fail:quota exceeded for A10G' } }));
    expect((await sim.describeCluster(h)).state).toBe('PROVISIONING');
    advance(1_000);
    const s = await sim.describeCluster(h);
    expect(s).toMatchObject({ state: 'FAILED', failureReason: 'quota exceeded for A10G', healthy: false });
    expect(s.applications.every((a) => !a.healthy && a.message === 'quota exceeded for A10G')).toBe(true);
    expect(s.deployments.every((d) => d.readyReplicas === 0 && d.replicas.length === 0)).toBe(true);
    expect(s.nodes.every((n) => n.stoppedAt === T0 + 1_000)).toBe(true);
    await sim.terminateCluster(h, 'cleanup');
    expect((await sim.describeCluster(h)).state).toBe('TERMINATED');
  });

  it('slow_start_ms delays readiness (and application health) by n ms', async () => {
    const { sim, advance } = setup({ readyAfterMs: 100 });
    await sim.injectFault('ver-1', 'slow_start_ms:5000');
    const h = await sim.provisionCluster(spec());
    advance(5_099);
    let s = await sim.describeCluster(h);
    expect([s.state, s.healthy, dep(s, 'web').readyReplicas]).toEqual(['RUNNING', false, 0]);
    advance(1);
    s = await sim.describeCluster(h);
    expect([s.healthy, dep(s, 'web').readyReplicas]).toEqual([true, 2]);
    // Replicas added later start slowly too.
    await sim.setCapacity(h, [web(3)], 'up');
    expect(dep(await sim.describeCluster(h), 'web').readyReplicas).toBe(2);
  });

  it('unhealthy_after_ms: the application turns unhealthy and its replicas unready n ms after provisioning', async () => {
    const { sim, advance } = setup();
    const h = await sim.provisionCluster(spec(1, { env: { [SIM_FAULT_ENV]: 'unhealthy_after_ms:30000@ml' } }));
    advance(29_999);
    expect((await sim.describeCluster(h)).healthy).toBe(true);
    advance(1);
    const s = await sim.describeCluster(h);
    expect(s.state).toBe('RUNNING');
    expect(s.healthy).toBe(false);
    expect(app(s, 'ml')).toMatchObject({ healthy: false, message: expect.stringContaining('unhealthy') });
    expect(app(s, 'front').healthy).toBe(true);
    expect(dep(s, 'model')).toMatchObject({ desiredReplicas: 1, readyReplicas: 0 });
    expect(dep(s, 'web').readyReplicas).toBe(2);
  });

  it('unhealthy_after_ms injected on a running cluster without an application affects all of them', async () => {
    const { sim, advance } = setup();
    const h = await sim.provisionCluster(spec());
    advance(60_000);
    await sim.injectFault('ro-1/ver-1', { kind: 'unhealthy_after_ms', ms: 0, application: null });
    const s = await sim.describeCluster(h);
    expect(s.applications.map((a) => a.healthy)).toEqual([false, false]);
    expect(s.deployments.map((d) => d.readyReplicas)).toEqual([0, 0]);
    await sim.clearFaults('ro-1/ver-1');
    expect((await sim.describeCluster(h)).healthy).toBe(true);
  });

  it('capacity_error: provisionCluster throws ProviderError capacity and launches nothing', async () => {
    const { sim } = setup();
    const s1 = spec(1, { env: { [SIM_FAULT_ENV]: 'capacity_error' } });
    for (let i = 0; i < 2; i++) {
      const err = await rejection(sim.provisionCluster(s1));
      expect([err.kind, err.retryable]).toEqual(['capacity', false]);
    }
    expect(await sim.findClusters({})).toEqual([]);
    expect(countProvisions(await sim.ledger())).toEqual({});
    expect((await sim.ledger({ method: 'provisionCluster' })).map((e) => e.errorKind)).toEqual(['capacity', 'capacity']);
  });

  it('throttle_once: the first call of each method throws a retryable throttled error, then calls succeed', async () => {
    const { sim } = setup();
    const s1 = spec(1, { env: { [SIM_FAULT_ENV]: 'throttle_once' } });
    const first = await rejection(sim.provisionCluster(s1));
    expect([first.kind, first.retryable]).toEqual(['throttled', true]);
    const h = await sim.provisionCluster(s1);
    expect((await rejection(sim.describeCluster(h))).kind).toBe('throttled');
    expect((await sim.describeCluster(h)).state).toBe('RUNNING');
    expect((await rejection(sim.setCapacity(h, [web(3)], 'cap'))).kind).toBe('throttled');
    await sim.setCapacity(h, [web(3)], 'cap'); // the throttled call applied nothing: the retry applies
    expect(dep(await sim.describeCluster(h), 'web').desiredReplicas).toBe(3);
    expect((await rejection(sim.updateInPlace(h, { mode: 'light', targets: [], applications: s1.applications }, 'upd'))).kind).toBe('throttled');
    await sim.updateInPlace(h, { mode: 'light', targets: [], applications: s1.applications }, 'upd');
    expect((await rejection(sim.terminateCluster(h, 'term'))).kind).toBe('throttled');
    await sim.terminateCluster(h, 'term');
    // Another cluster without the fault is not throttled.
    await sim.provisionCluster(spec(2));
    expect((await sim.ledger({ outcome: 'error' })).map((e) => e.method)).toEqual([
      'provisionCluster',
      'describeCluster',
      'setCapacity',
      'updateInPlace',
      'terminateCluster',
    ]);
  });

  it('unavailable: every call throws a retryable unavailable error until the fault is cleared', async () => {
    const { sim } = setup();
    const h = await sim.provisionCluster(spec(1));
    await sim.injectFault('ver-1', 'unavailable');
    for (let i = 0; i < 3; i++) {
      const error = await rejection(sim.describeCluster(h));
      expect([error.kind, error.retryable]).toEqual(['unavailable', true]);
    }
    expect((await rejection(sim.setCapacity(h, [web(3)], 'cap'))).kind).toBe('unavailable');
    await sim.clearFaults('ver-1');
    await sim.setCapacity(h, [web(3)], 'cap'); // nothing was applied while it was down
    expect(dep(await sim.describeCluster(h), 'web').desiredReplicas).toBe(3);
  });

  it('several faults at once, from env and injected by versionId and clusterKey', async () => {
    const { sim, advance } = setup();
    await sim.injectFault('ver-1', 'throttle_once');
    await sim.injectFault('ro-1/ver-1', [{ kind: 'slow_start_ms', ms: 10 }]);
    const s1 = spec(1, { env: { [SIM_FAULT_ENV]: 'unhealthy_after_ms:100@front' } });
    expect((await rejection(sim.provisionCluster(s1))).kind).toBe('throttled');
    const h = await sim.provisionCluster(s1);
    await rejection(sim.describeCluster(h));
    advance(9);
    expect((await sim.describeCluster(h)).deployments.map((d) => d.readyReplicas)).toEqual([0, 0]);
    advance(1);
    expect((await sim.describeCluster(h)).deployments.map((d) => d.readyReplicas)).toEqual([2, 1]);
    advance(90);
    expect((await sim.describeCluster(h)).deployments.map((d) => d.readyReplicas)).toEqual([0, 1]);
    // Other versions are unaffected.
    const h2 = await sim.provisionCluster(spec(2));
    expect((await sim.describeCluster(h2)).healthy).toBe(true);
  });

  it('a malformed SWITCHYARD_SIM_FAULT is invalid_request and creates nothing', async () => {
    const { sim } = setup();
    const err = await rejection(sim.provisionCluster(spec(1, { env: { [SIM_FAULT_ENV]: 'meteor_strike' } })));
    expect(err.kind).toBe('invalid_request');
    expect(err.message).toContain('meteor_strike');
    expect(await sim.findClusters({})).toEqual([]);
    await expect(sim.injectFault('x', 'slow_start_ms:soon')).rejects.toThrow(ProviderError);
  });

  it('a heavy in-place update takes the new env, faults included', async () => {
    const { sim } = setup();
    const s1 = spec();
    const h = await sim.provisionCluster(s1);
    const replica = dep(await sim.describeCluster(h), 'web').replicas[0]!;
    const heavy = (env: Record<string, string>) => ({
      mode: 'heavy' as const,
      replica: { application: 'front', deployment: 'web', replicaId: replica.replicaId },
      applications: s1.applications,
      env,
    });
    expect((await rejection(sim.updateInPlace(h, heavy({ [SIM_FAULT_ENV]: 'bogus' }), 'h0'))).kind).toBe('invalid_request');
    await sim.updateInPlace(h, heavy({ [SIM_FAULT_ENV]: 'unhealthy_after_ms:0' }), 'h1');
    expect((await sim.describeCluster(h)).healthy).toBe(false);
  });
});

describe('FileSimStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fileSim = (clock: () => number, storeDir = dir) => createSimProvider({ store: new FileSimStore(storeDir), clock });

  it('persists the fake cloud: a new instance ("restarted process") sees clusters, keys and faults', async () => {
    const a = fileSim(() => T0);
    const h = await a.provisionCluster(spec());
    await a.setCapacity(h, [web(4)], 'cap');
    await a.injectFault('ver-2', 'capacity_error');
    const b = fileSim(() => T0 + 1);
    expect(await b.provisionCluster(spec())).toEqual(h);
    await b.setCapacity(h, [web(1)], 'cap'); // replay across processes: no-op
    expect(dep(await b.describeCluster(h), 'web')).toMatchObject({ desiredReplicas: 4, readyReplicas: 4 });
    expect((await rejection(b.provisionCluster(spec(2)))).kind).toBe('capacity');
    expect(countProvisions(await b.ledger())).toEqual({ 'ro-1/ver-1': 1 });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'))).toMatchObject({ version: 1, clusterKeys: { 'ro-1/ver-1': 'sim-1' } });
    expect(fs.readdirSync(dir).sort()).toEqual(['state.json']); // no lock or temp files left behind
  });

  it('two instances on one directory lose no updates under 50 concurrent setCapacity calls', async () => {
    const a = fileSim(() => T0);
    const b = fileSim(() => T0);
    const h = await a.provisionCluster(spec());
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).setCapacity(h, [web((i % 5) + 1)], `cap-${i}`)),
    );
    const ledger = await b.ledger({ method: 'setCapacity' });
    expect(ledger).toHaveLength(50);
    expect(ledger.every((e) => e.outcome === 'applied')).toBe(true);
    expect(new Set(ledger.map((e) => e.key)).size).toBe(50);
    expect(ledger.map((e) => e.seq)).toEqual([...ledger.map((e) => e.seq)].sort((x, y) => x - y));
    const snap = await a.snapshot();
    expect(Object.keys(snap.clusters['sim-1']!.appliedKeys)).toHaveLength(50);
  });

  it('waits for a held lock and breaks a stale one', async () => {
    const store = new FileSimStore(dir, { staleLockMs: 200 });
    const sim = createSimProvider({ store, clock: () => T0 });
    fs.writeFileSync(store.lockPath, JSON.stringify({ pid: 999999, token: 'dead', at: 0 }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(store.lockPath, old, old);
    await sim.provisionCluster(spec()); // stale: broken at once
    fs.writeFileSync(store.lockPath, JSON.stringify({ pid: 999999, token: 'live', at: Date.now() }));
    let done = false;
    const pending = sim.provisionCluster(spec(2)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false); // a fresh lock is respected…
    await pending; // …until it goes stale
    expect(Object.keys((await sim.snapshot()).clusters)).toEqual(['sim-1', 'sim-2']);
    expect(fs.readdirSync(dir).sort()).toEqual(['state.json']);
  });

  it('gives up after lockTimeoutMs', async () => {
    const store = new FileSimStore(dir, { staleLockMs: 60_000, lockTimeoutMs: 100 });
    fs.writeFileSync(store.lockPath, 'held');
    await expect(store.update(() => 1)).rejects.toThrow(/could not lock/);
  });
});

describe('createSimProviderFromEnv', () => {
  it('uses a FileSimStore when SIM_PROVIDER_STATE_DIR is set, else memory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-env-'));
    try {
      const fromFile: SimProvider = createSimProviderFromEnv({ SIM_PROVIDER_STATE_DIR: dir, SIM_READY_AFTER_MS: '10' }, () => T0);
      expect(fromFile.store).toBeInstanceOf(FileSimStore);
      const h = await fromFile.provisionCluster(spec());
      expect((await fromFile.describeCluster(h)).healthy).toBe(false); // 10 ms start-up
      expect(createSimProviderFromEnv({}, () => T0).store).toBeInstanceOf(InMemorySimStore);
      expect(() => createSimProviderFromEnv({ SIM_NODE_START_MS: 'x' })).toThrow(/SIM_NODE_START_MS/);
      const quiet = createSimProviderFromEnv({ SIM_LEDGER_READS: 'false' }, () => T0);
      await quiet.describeCluster(await quiet.provisionCluster(spec()));
      expect((await quiet.ledger()).map((e) => e.method)).toEqual(['provisionCluster']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
