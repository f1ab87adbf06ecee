import { meter, PRICE_CATALOG, type MeteredNode } from '@switchyard/billing';
import { eventually } from '@switchyard/testing';
import { EngineHarness } from '../engine/engine-harness';

/**
 * Long enough that what no estimate can know — per-second billing truncates each node's start and
 * stop (up to 1 s), and the worker's tick latency — stays well under 1 % of the rollout.
 */
const HOLD_S = Number(process.env.BILLING_ROLLOUT_HOLD_S ?? 180);
/** The engine harness's ROLLOUT_POLL_INTERVAL_S: the estimate counts one poll to see the canary healthy. */
const POLL_S = 0.2;

/** AWS-priced nodes on the simulated cloud: head m6i.large ($0.096/h) + one g5.xlarge ($1.006/h) per GPU replica. */
const config = (version: string) => ({
  version_name: version,
  compute_config: {
    head_node: { instance_type: 'm6i.large' },
    worker_groups: [
      {
        name: 'gpu',
        instance_type: 'g5.xlarge',
        gpu_type: 'A10G',
        gpu_count: 1,
        min_nodes: 0,
        max_nodes: 4,
      },
    ],
  },
  applications: [
    {
      name: 'app',
      route_prefix: '/',
      command: 'node server.js',
      deployments: [{ name: 'model', num_replicas: 2, ray_actor_options: { num_gpus: 1 } }],
    },
  ],
  rollout: {
    schedule: [
      { percent: 50, hold_s: HOLD_S },
      { percent: 100, hold_s: 0 },
    ],
    drain_s: 0,
  },
});

/**
 * The deploy estimate against the metered cost of the same rollout, run for real: the API and
 * the worker process on the sim provider, nodes recorded by the worker's node sync and metered
 * by its `billing.meter` job.
 */
describe('billing: a rollout’s estimate against its metered cost (real worker, sim provider)', () => {
  let engine: EngineHarness;

  beforeAll(async () => {
    engine = await EngineHarness.start();
  });
  afterAll(() => engine?.close());

  it(
    'estimates the rollout within 1 % of what its nodes are metered for',
    async () => {
      const { api } = engine;
      const first = await engine.deploy('scorer', config('v1'));
      expect(first.status).toBe(202);
      await engine.waitForState('scorer', first.body.rollout.id, 'SUCCEEDED', 60_000);

      const dryRun = await engine.deploy('scorer', config('v2'), { dry_run: true });
      expect(dryRun.status).toBe(200);
      const estimate = dryRun.body.cost_estimate;
      // Both versions (head + 2 GPU nodes each) at full capacity for the hold.
      expect(estimate).toMatchObject({
        steady_hourly_micros: 2_108_000,
        rollout_duration_s: HOLD_S + POLL_S,
        peak_gpus: 4,
      });

      const second = await engine.deploy('scorer', config('v2'));
      expect(second.status).toBe(202);
      const rolloutId: string = second.body.rollout.id;
      const { rollout } = await engine.waitForState(
        'scorer',
        rolloutId,
        'SUCCEEDED',
        (HOLD_S + 90) * 1000,
      );

      // The old primary's nodes, stopped when the rollout terminated its cluster, as the node sync recorded them.
      const nodesOf = (versionId: string) =>
        api.db.clusterNode.findMany({
          where: { cluster: { serviceVersionId: versionId } },
          include: { cluster: true },
        });
      const oldNodes = await eventually(
        async () => {
          const nodes = await nodesOf(first.body.version.id);
          return nodes.length === 3 && nodes.every((n) => n.stoppedAt) ? nodes : undefined;
        },
        30_000,
        200,
      );
      const newNodes = await nodesOf(second.body.version.id);
      expect(newNodes).toHaveLength(3);

      // The worker's metering job: it meters the stopped nodes up to their stop time.
      await api.jobs.enqueue('billing.meter', {}, { jobId: `billing-meter-test-${rolloutId}` });
      await eventually(
        async () => {
          const nodes = await nodesOf(first.body.version.id);
          return nodes.every((n) => n.meteredThrough?.getTime() === n.stoppedAt!.getTime())
            ? true
            : undefined;
        },
        30_000,
        200,
      );

      const metered = (n: (typeof oldNodes)[number], from: number, to: number): MeteredNode => ({
        nodeId: n.id,
        orgId: n.orgId,
        projectId: 'shop',
        serviceId: 'scorer',
        instanceType: n.instanceType,
        gpuType: n.gpuType,
        gpuCount: n.gpuCount,
        startedAt: Math.max(n.startedAt!.getTime(), from),
        stoppedAt: Math.min(n.stoppedAt?.getTime() ?? to, to),
      });
      // The job's rows are the metering of each node's whole life.
      const rows = await api.db.nodeDailyUsage.findMany({
        where: { clusterNodeId: { in: oldNodes.map((n) => n.id) } },
      });
      const lifetimes = meter(
        oldNodes.map((n) => metered(n, 0, Infinity)),
        PRICE_CATALOG,
        Date.now(),
      );
      expect(rows.reduce((sum, r) => sum + Number(r.costMicros), 0)).toBe(
        lifetimes.rows.reduce((sum, r) => sum + r.cost, 0),
      );
      expect(rows.reduce((sum, r) => sum + r.seconds, 0)).toBe(
        lifetimes.rows.reduce((sum, r) => sum + r.seconds, 0),
      );

      // The rollout: from the canary's provisioning (its first act; before it the queue, not the
      // rollout, held the deploy) until the old primary's last node stopped — both versions' nodes.
      expect(Math.min(...newNodes.map((n) => n.startedAt!.getTime()))).toBeGreaterThanOrEqual(
        Date.parse(rollout.created_at),
      );
      const start = Math.min(...newNodes.map((n) => n.startedAt!.getTime()));
      const end = Math.max(...oldNodes.map((n) => n.stoppedAt!.getTime()));
      const window = meter(
        [...oldNodes, ...newNodes].map((n) => metered(n, start, end)),
        PRICE_CATALOG,
        end,
      );
      const meteredCost = window.rows.reduce((sum, r) => sum + r.cost, 0);
      expect(window.unpriced).toEqual([]);
      const error = Math.abs(estimate.rollout_micros - meteredCost) / meteredCost;
      console.info(
        `rollout ${((end - start) / 1000).toFixed(1)} s: estimated ${estimate.rollout_usd} USD, metered ${(meteredCost / 1e6).toFixed(6)} USD, error ${(error * 100).toFixed(2)} %`,
      );
      expect(error).toBeLessThan(0.01);
    },
    (HOLD_S + 240) * 1000,
  );
});
