/**
 * Autoscaling with real processes under a fake load source (what the gateways' telemetry will
 * feed): up after the upscale delay, back down after the downscale delay (draining first), to
 * zero, and from zero at once when a request is queued (cold start).
 */
import { eventually } from '@switchyard/testing';
import type { DeploymentTarget } from '@switchyard/rollout';
import type { LocalClusterSettingsSource, OngoingRequestsSource, QueuedRequests } from './ports';
import { createLocalRig, liveGroupsOf, type LocalRig } from './testing/rig';
import { localSpec, statusWhen } from './testing/spec-helpers';

jest.setTimeout(30_000);

const autoscaling = (
  minReplicas: number,
  initialReplicas: number,
  maxReplicas: number,
): DeploymentTarget[] => [
  {
    application: 'app',
    deployment: 'web',
    target: { kind: 'autoscaling', minReplicas, initialReplicas, maxReplicas },
  },
];

describe('local provider: autoscaling from ongoing requests (real processes)', () => {
  let rig: LocalRig;
  /** Total requests in flight on the deployment, spread over its replicas as the gateways report them. */
  let ongoing = 0;
  let queued: QueuedRequests[] = [];
  const source: OngoingRequestsSource = {
    async read() {
      const perReplica = new Map<string, number>();
      const replicas = (
        await Promise.all(
          (await rig.store.activeClusters()).map((c) => rig.store.replicas(c.providerClusterId)),
        )
      ).flat();
      const serving = replicas.filter((r) => r.state === 'READY');
      serving.forEach((r, i) =>
        perReplica.set(
          r.replicaId,
          Math.floor(ongoing / serving.length) + (i < ongoing % serving.length ? 1 : 0),
        ),
      );
      return { perReplica, queued };
    },
  };
  const settings: LocalClusterSettingsSource = {
    async settingsFor({ labels }) {
      return {
        versionId: labels.versionId,
        applicationEnv: {},
        deployments: {
          'app/web': {
            autoscaling: { targetOngoingRequests: 2, upscaleDelayS: 0.3, downscaleDelayS: 0.6 },
          },
        },
      };
    },
  };

  beforeEach(() => {
    ongoing = 0;
    queued = [];
    rig = createLocalRig({ ongoingRequests: source, settings });
  });
  afterEach(async () => rig.cleanup());

  const web = (s: Awaited<ReturnType<typeof rig.provider.describeCluster>>) => s.deployments[0]!;

  it('scales up after the upscale delay and back down after the downscale delay, draining first', async () => {
    const spec = localSpec({ targets: autoscaling(1, 1, 4) });
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => web(s).readyReplicas === 1));

    ongoing = 5; // ceil(5 / 2) = 3 replicas wanted
    const loadAt = Date.now();
    const wanted = await eventually(
      statusWhen(rig.provider, handle, (s) => web(s).desiredReplicas === 3),
      10_000,
      10,
    );
    const decidedMs = Date.now() - loadAt;
    await eventually(
      statusWhen(rig.provider, handle, (s) => web(s).readyReplicas === 3),
      10_000,
      10,
    );
    const readyMs = Date.now() - loadAt;
    console.info(
      `local provider figures: scale-up 1→3 decided ${decidedMs} ms after the load (upscale delay 300 ms), 3 ready after ${readyMs} ms`,
    );
    expect(decidedMs).toBeGreaterThanOrEqual(300);
    expect(wanted.state).toBe('RUNNING');

    ongoing = 40; // capped at max_replicas
    await eventually(
      statusWhen(rig.provider, handle, (s) => web(s).readyReplicas === 4),
      10_000,
    );

    ongoing = 0; // back to min_replicas after the downscale delay; the removed ones drain first
    const idleAt = Date.now();
    const draining = (s: Parameters<typeof web>[0]) => web(s).replicas.filter((r) => r.draining);
    const down = await eventually(
      statusWhen(
        rig.provider,
        handle,
        (s) => web(s).desiredReplicas === 1 && draining(s).length === 3,
      ),
      10_000,
      10,
    );
    expect(Date.now() - idleAt).toBeGreaterThanOrEqual(600);
    expect(draining(down).every((r) => !r.ready)).toBe(true);
    await eventually(
      statusWhen(
        rig.provider,
        handle,
        (s) => web(s).replicas.length === 1 && web(s).readyReplicas === 1,
      ),
      10_000,
    );
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(1);
  });

  it('scales to zero when idle and cold-starts on the first queued request', async () => {
    const spec = localSpec({ targets: autoscaling(0, 1, 2) });
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => web(s).readyReplicas === 1));
    const zero = await eventually(
      statusWhen(
        rig.provider,
        handle,
        (s) => web(s).desiredReplicas === 0 && web(s).replicas.length === 0,
      ),
      10_000,
    );
    // Nothing to serve and nothing asked for: the version is still healthy.
    expect(zero.healthy).toBe(true);
    expect(web(zero)).toMatchObject({ desiredReplicas: 0, readyReplicas: 0, replicas: [] });
    expect(liveGroupsOf(spec.labels.serviceId).size).toBe(0);

    // The gateway queues the first request and reports it; the autoscaler starts a replica at once.
    queued = [
      { versionId: spec.labels.versionId, application: 'app', deployment: 'web', queued: 1 },
    ];
    const requestAt = Date.now();
    await eventually(
      statusWhen(rig.provider, handle, (s) => web(s).readyReplicas === 1),
      10_000,
      10,
    );
    console.info(
      `local provider figures: cold start from zero (request queued → replica ready) ${Date.now() - requestAt} ms`,
    );
    queued = [];
  });

  it('setCapacity bounds win over the autoscaler, and autoscaling holds when the load cannot be read', async () => {
    const spec = localSpec({ targets: autoscaling(1, 1, 4) });
    const handle = await rig.provider.provisionCluster(spec);
    await eventually(statusWhen(rig.provider, handle, (s) => web(s).readyReplicas === 1));
    await rig.provider.setCapacity(handle, autoscaling(2, 2, 2), 'surge-50');
    await eventually(
      statusWhen(
        rig.provider,
        handle,
        (s) => web(s).readyReplicas === 2 && web(s).desiredReplicas === 2,
      ),
    );
    ongoing = 20;
    await new Promise((r) => setTimeout(r, 500));
    expect(web(await rig.provider.describeCluster(handle)).desiredReplicas).toBe(2);

    source.read = async () => {
      throw new Error('redis down');
    };
    await rig.provider.setCapacity(handle, autoscaling(1, 1, 4), 'back');
    await new Promise((r) => setTimeout(r, 500));
    expect(web(await rig.provider.describeCluster(handle)).desiredReplicas).toBe(2);
  });
});
