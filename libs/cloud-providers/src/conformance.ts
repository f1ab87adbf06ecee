/**
 * The CloudProvider conformance suite: what every adapter (sim, local, aws, gcp) must do for
 * the engine to drive it. Call it from a spec file:
 *
 *   describeProviderConformance('sim (memory)', async () => {
 *     let now = 0;
 *     const provider = createSimProvider({ store: new InMemorySimStore(), clock: () => now });
 *     return { provider, advance: (ms) => { now += ms; }, cleanup: async () => {} };
 *   });
 *
 * `advance(ms)` lets time pass (a fake clock, or a real sleep). A real adapter may also return
 * `adaptSpec` to fill in what it needs (cloud settings, a replica `command`, an image), and
 * `injectCapacityError` (with `capacityFaults: true`) to prove capacity errors are typed.
 * Uses Jest's globals; importing this module outside Jest is harmless.
 */
import type { DeploymentTarget } from '@switchyard/rollout';
import { randomUUID } from 'node:crypto';
import { ProviderError, type ClusterHandle, type ClusterLabels, type ClusterSpec, type ClusterStatus, type CloudProvider } from './port';

export interface ConformanceHarness {
  provider: CloudProvider;
  advance(ms: number): void | Promise<void>;
  cleanup(): Promise<void>;
  /** Adjust the suite's cluster spec for this provider (default: unchanged). */
  adaptSpec?(spec: ClusterSpec): ClusterSpec;
  /** Makes the cloud refuse the next provisioning of `spec` for lack of capacity (with `capacityFaults`). */
  injectCapacityError?(spec: ClusterSpec): void | Promise<void>;
}

export interface ConformanceOptions {
  /** Time passed per polling step while waiting for a condition. Default 1,000 ms. */
  stepMs?: number;
  /** Polling steps before a wait fails. Default 120. */
  maxSteps?: number;
  /** Jest timeout per test. Default: Jest's. */
  testTimeoutMs?: number;
  /**
   * The cloud forgets a cluster once its instances are deleted (GCP: a deleted instance is gone
   * from the API, while EC2 lists a terminated one for about an hour): after termination
   * `describeCluster` may answer `not_found` and `findClusters` may omit it, and since a deleted
   * cluster cannot be told from one that never existed, `terminateCluster` of an unknown handle
   * may succeed as a no-op (a replayed terminate must not fail). Provisioning under the same key
   * must still return the same handle and start nothing. Default false.
   */
  terminatedClustersMayVanish?: boolean;
  /** The harness implements `injectCapacityError`: run the capacity-error test. Default false. */
  capacityFaults?: boolean;
}

const APP = 'app';
const static_ = (deployment: string, replicas: number): DeploymentTarget => ({
  application: APP,
  deployment,
  target: { kind: 'static', replicas },
});
const BASE_TARGETS: DeploymentTarget[] = [
  static_('web', 2),
  { application: APP, deployment: 'model', target: { kind: 'autoscaling', minReplicas: 1, initialReplicas: 2, maxReplicas: 4 } },
];

function baseSpec(runId: string, n: string): ClusterSpec {
  const labels: ClusterLabels = {
    orgId: `org-${runId}`,
    projectId: `prj-${runId}`,
    serviceId: `svc-${runId}`,
    serviceName: `conformance-${runId}`,
    versionId: `ver-${runId}-${n}`,
    versionName: `v${n}`,
    rolloutId: `ro-${runId}-${n}`,
  };
  return {
    clusterKey: `${labels.rolloutId}/${labels.versionId}`,
    labels,
    cloud: { provider: 'SIM', region: 'local', zone: null, settings: {}, credentials: null },
    compute: null,
    imageUri: null,
    env: {},
    applications: [
      {
        name: APP,
        routePrefix: '/',
        healthCheck: { path: '/healthz', periodS: 1, timeoutS: 1 },
        deployments: [
          { name: 'web', maxOngoingRequests: 5, resources: { cpus: 1 } },
          { name: 'model', maxOngoingRequests: 5, resources: { cpus: 1 } },
        ],
      },
    ],
    targets: BASE_TARGETS,
  };
}

export function describeProviderConformance(
  name: string,
  makeProvider: () => Promise<ConformanceHarness>,
  options: ConformanceOptions = {},
): void {
  const stepMs = options.stepMs ?? 1_000;
  const maxSteps = options.maxSteps ?? 120;

  describe(`CloudProvider conformance: ${name}`, () => {
    let h: ConformanceHarness;
    let runId: string;
    let provisioned: ClusterHandle[];

    beforeEach(async () => {
      h = await makeProvider();
      runId = randomUUID().slice(0, 8);
      provisioned = [];
    }, options.testTimeoutMs);

    afterEach(async () => {
      for (const handle of provisioned) {
        await h.provider.terminateCluster(handle, `conformance-cleanup/${handle.providerClusterId}`).catch(() => undefined);
      }
      await h.cleanup();
    }, options.testTimeoutMs);

    const spec = (n = '1', patch: Partial<ClusterSpec> = {}): ClusterSpec => {
      const s = { ...baseSpec(runId, n), ...patch };
      return h.adaptSpec ? h.adaptSpec(s) : s;
    };

    const provision = async (s: ClusterSpec): Promise<ClusterHandle> => {
      const handle = await h.provider.provisionCluster(s);
      if (!provisioned.some((p) => p.providerClusterId === handle.providerClusterId)) provisioned.push(handle);
      return handle;
    };

    /** Polls describeCluster, advancing time between polls, until `ok` holds. */
    const waitFor = async (handle: ClusterHandle, what: string, ok: (s: ClusterStatus) => boolean): Promise<ClusterStatus> => {
      let last: ClusterStatus | undefined;
      for (let i = 0; i <= maxSteps; i++) {
        last = await h.provider.describeCluster(handle);
        if (ok(last)) return last;
        await h.advance(stepMs);
      }
      throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last)}`);
    };

    /** Until TERMINATED; `'gone'` when the cloud forgot the cluster (allowed by `terminatedClustersMayVanish`). */
    const waitForTerminated = async (handle: ClusterHandle): Promise<ClusterStatus | 'gone'> => {
      let last: ClusterStatus | undefined;
      for (let i = 0; i <= maxSteps; i++) {
        try {
          last = await h.provider.describeCluster(handle);
        } catch (error) {
          if (options.terminatedClustersMayVanish && error instanceof ProviderError && error.kind === 'not_found') return 'gone';
          throw error;
        }
        if (last.state === 'TERMINATED') return last;
        await h.advance(stepMs);
      }
      throw new Error(`timed out waiting for TERMINATED; last status: ${JSON.stringify(last)}`);
    };

    const counts = (s: ClusterStatus) =>
      Object.fromEntries(s.deployments.map((d) => [`${d.application}/${d.deployment}`, [d.desiredReplicas, d.readyReplicas]]));
    const nonDraining = (s: ClusterStatus, deployment: string) =>
      s.deployments.find((d) => d.deployment === deployment)?.replicas.filter((r) => !r.draining).length;
    const settled = (want: Record<string, number>) => (s: ClusterStatus) =>
      s.state === 'RUNNING' &&
      Object.entries(want).every(([dep, n]) => {
        const d = s.deployments.find((x) => x.deployment === dep);
        return d !== undefined && d.desiredReplicas === n && d.readyReplicas === n && nonDraining(s, dep) === n;
      });

    const t = options.testTimeoutMs;

    it('provisionCluster is idempotent under clusterKey', async () => {
      const s = spec();
      const a = await provision(s);
      const b = await provision(s);
      expect(b).toEqual(a);
      const found = await h.provider.findClusters({ rolloutId: s.labels.rolloutId });
      expect(found).toHaveLength(1);
      expect(found[0]!.handle).toEqual(a);
      expect(found[0]!.labels).toEqual(s.labels);
    }, t);

    it('reaches RUNNING with ready replicas matching the targets', async () => {
      const handle = await provision(spec());
      const status = await waitFor(handle, 'RUNNING with 2+2 ready', settled({ web: 2, model: 2 }));
      expect(status.healthy).toBe(true);
      expect(status.failureReason).toBeNull();
      expect(status.applications.map((a) => a.name)).toEqual([APP]);
      expect(counts(status)).toEqual({ 'app/web': [2, 2], 'app/model': [2, 2] });
      const replicas = status.deployments.flatMap((d) => d.replicas);
      expect(new Set(replicas.map((r) => r.replicaId)).size).toBe(4);
      expect(new Set(replicas.map((r) => r.endpoint)).size).toBe(4);
      expect(replicas.every((r) => r.ready && !r.draining && /^https?:\/\//.test(r.endpoint))).toBe(true);
      const heads = status.nodes.filter((n) => n.role === 'HEAD');
      expect(heads).toHaveLength(1);
      expect(status.nodes.every((n) => n.startedAt !== null && n.stoppedAt === null && n.state === 'RUNNING')).toBe(true);
    }, t);

    it('setCapacity scales up and down exactly (round trip)', async () => {
      const handle = await provision(spec());
      await waitFor(handle, 'initial 2+2', settled({ web: 2, model: 2 }));

      await h.provider.setCapacity(handle, [static_('web', 3)], 'conf/up');
      const up = await waitFor(handle, 'web at 3', settled({ web: 3, model: 2 }));
      expect(counts(up)).toEqual({ 'app/web': [3, 3], 'app/model': [2, 2] });

      await h.provider.setCapacity(handle, [static_('web', 1)], 'conf/down');
      const downNow = await h.provider.describeCluster(handle);
      const web = downNow.deployments.find((d) => d.deployment === 'web')!;
      expect(web.desiredReplicas).toBe(1);
      expect(web.readyReplicas).toBeLessThanOrEqual(1);
      expect(web.replicas.filter((r) => r.draining).every((r) => !r.ready)).toBe(true);
      await waitFor(handle, 'web at 1', settled({ web: 1, model: 2 }));

      await h.provider.setCapacity(
        handle,
        [static_('web', 2), { application: APP, deployment: 'model', target: { kind: 'autoscaling', minReplicas: 3, initialReplicas: 3, maxReplicas: 6 } }],
        'conf/back',
      );
      const back = await waitFor(handle, 'web 2, model 3', settled({ web: 2, model: 3 }));
      expect(counts(back)).toEqual({ 'app/web': [2, 2], 'app/model': [3, 3] });
    }, t);

    it('replaying a setCapacity key is a no-op', async () => {
      const handle = await provision(spec());
      await waitFor(handle, 'initial', settled({ web: 2, model: 2 }));
      await h.provider.setCapacity(handle, [static_('web', 3)], 'conf/k1');
      await waitFor(handle, 'web at 3', settled({ web: 3 }));
      await h.provider.setCapacity(handle, [static_('web', 1)], 'conf/k2');
      await waitFor(handle, 'web at 1', settled({ web: 1 }));
      await h.provider.setCapacity(handle, [static_('web', 3)], 'conf/k1'); // replay
      await h.advance(stepMs);
      const after = await waitFor(handle, 'still web at 1', settled({ web: 1 }));
      expect(counts(after)['app/web']).toEqual([1, 1]);
    }, t);

    it('updateInPlace (light) applies targets and replays as a no-op', async () => {
      const s = spec();
      const handle = await provision(s);
      const before = await waitFor(handle, 'initial', settled({ web: 2, model: 2 }));
      const keep = before.deployments.find((d) => d.deployment === 'web')!.replicas.map((r) => r.replicaId);
      await h.provider.updateInPlace(handle, { mode: 'light', targets: [static_('web', 3)], applications: s.applications }, 'conf/light');
      const after = await waitFor(handle, 'web at 3', settled({ web: 3, model: 2 }));
      const ids = after.deployments.find((d) => d.deployment === 'web')!.replicas.map((r) => r.replicaId);
      expect(ids).toEqual(expect.arrayContaining(keep)); // no restarts
      await h.provider.setCapacity(handle, [static_('web', 2)], 'conf/after-light');
      await waitFor(handle, 'web at 2', settled({ web: 2 }));
      await h.provider.updateInPlace(handle, { mode: 'light', targets: [static_('web', 3)], applications: s.applications }, 'conf/light');
      await h.advance(stepMs);
      await waitFor(handle, 'still web at 2', settled({ web: 2 }));
    }, t);

    it('terminateCluster is idempotent and stops every node', async () => {
      const s = spec();
      const handle = await provision(s);
      await waitFor(handle, 'running', settled({ web: 2, model: 2 }));
      await h.provider.terminateCluster(handle, 'conf/term');
      await h.provider.terminateCluster(handle, 'conf/term');
      await h.provider.terminateCluster(handle, 'conf/term-again');
      const done = await waitForTerminated(handle);
      if (done !== 'gone') {
        expect(done.nodes.length).toBeGreaterThan(0);
        expect(done.nodes.every((n) => n.stoppedAt !== null && n.state === 'STOPPED')).toBe(true);
        expect(done.deployments.every((d) => d.readyReplicas === 0)).toBe(true);
      }
      const found = await h.provider.findClusters({ rolloutId: s.labels.rolloutId });
      if (options.terminatedClustersMayVanish) expect(found.every((f) => f.state === 'TERMINATED')).toBe(true);
      else expect(found.map((f) => f.state)).toEqual(['TERMINATED']);
      // A provision replayed under the same key still returns the same (terminated) cluster…
      expect(await h.provider.provisionCluster(s)).toEqual(handle);
      // …and starts nothing.
      const after = await h.provider.findClusters({ rolloutId: s.labels.rolloutId });
      expect(after.every((f) => f.state === 'TERMINATED')).toBe(true);
    }, t);

    if (options.capacityFaults) {
      it('a capacity error is a typed, non-retryable ProviderError and leaves nothing running', async () => {
        const s = spec();
        await h.injectCapacityError!(s);
        const err = await h.provider.provisionCluster(s).then(
          () => new Error('provisionCluster resolved'),
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ProviderError);
        expect({ kind: (err as ProviderError).kind, retryable: (err as ProviderError).retryable }).toEqual({ kind: 'capacity', retryable: false });
        const found = await h.provider.findClusters({ rolloutId: s.labels.rolloutId });
        expect(found.filter((f) => f.state === 'RUNNING' || f.state === 'PROVISIONING')).toEqual([]);
      }, t);
    }

    it('findClusters adopts clusters by labels', async () => {
      const s1 = spec('1');
      const s2 = spec('2');
      const h1 = await provision(s1);
      const h2 = await provision(s2);
      expect(h2).not.toEqual(h1);
      const byService = await h.provider.findClusters({ serviceId: s1.labels.serviceId });
      expect(byService.map((f) => f.handle.providerClusterId).sort()).toEqual([h1.providerClusterId, h2.providerClusterId].sort());
      const byVersion = await h.provider.findClusters({ serviceId: s1.labels.serviceId, versionId: s2.labels.versionId });
      expect(byVersion).toHaveLength(1);
      expect(byVersion[0]!.handle).toEqual(h2);
      expect(byVersion[0]!.labels).toEqual(s2.labels);
      expect(await h.provider.findClusters({ serviceId: `${s1.labels.serviceId}-nope` })).toEqual([]);
    }, t);

    it('an unknown handle is ProviderError not_found', async () => {
      const ghost: ClusterHandle = { providerClusterId: `does-not-exist-${runId}` };
      const calls: [string, () => Promise<unknown>][] = [
        ['describeCluster', () => h.provider.describeCluster(ghost)],
        ['setCapacity', () => h.provider.setCapacity(ghost, [static_('web', 1)], 'conf/ghost-cap')],
        ['updateInPlace', () => h.provider.updateInPlace(ghost, { mode: 'light', targets: [], applications: [] }, 'conf/ghost-upd')],
        ['terminateCluster', () => h.provider.terminateCluster(ghost, 'conf/ghost-term')],
      ];
      for (const [method, call] of calls) {
        const err = await call().then(
          () => new Error(`${method} resolved`),
          (e: unknown) => e,
        );
        if (method === 'terminateCluster' && options.terminatedClustersMayVanish && !(err instanceof ProviderError)) continue;
        expect(err).toBeInstanceOf(ProviderError);
        expect({ method, kind: (err as ProviderError).kind }).toEqual({ method, kind: 'not_found' });
      }
    }, t);
  });
}
