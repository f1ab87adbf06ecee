import { DEFAULT_SCHEDULE_PERCENTS, targetAt } from '@switchyard/rollout';
import { app, useEngine, type EngineHarness } from './engine-harness';
import { firstVersion, record, rolloutState, routedWeights, sampleUntil, shiftedCanaryPercents, simCluster } from './scenarios-support';

/**
 * The automatic schedule and autoscaling under max_surge_percent, end to end (API + worker
 * process + sim cloud). libs/rollout's unit tests cover the arithmetic; these check that what
 * the status, the routing table and the cloud show follows it.
 */
jest.setTimeout(90_000);
describe('scenarios: schedule and autoscaling', () => {
  let h: EngineHarness;

  useEngine((started) => (h = started));

  const PERCENTS = [5, 10, 20, 30, 50, 75, 100];

  // The default schedule with its hold shortened (`rollout.hold_s`, 20 s when absent): the walk
  // itself, every step of it. 1.5 s gives the poll below time to see each step on a loaded machine.
  it('no schedule, rollout.hold_s 1.5: status, routing table and events walk the default 5, 10, 20, 30, 50, 75, 100 in order', async () => {
    expect(DEFAULT_SCHEDULE_PERCENTS).toEqual(PERCENTS); // the list this test stands for
    await firstVersion(h, 'walk');
    const res = await h.deploy('walk', { applications: [app(2)], rollout: { hold_s: 1.5, drain_s: 0 } });
    expect(res.status).toBe(202);
    const id = res.body.rollout.id;
    const statusWeights: number[] = [];
    const routed: Record<string, number>[] = [];
    // The rollout is read first: once it says SUCCEEDED, the status read after it is final too
    // (one commit). The routing table is published after that commit, so it is waited for.
    await sampleUntil(
      async () => {
        const state = await rolloutState(h, id);
        const [service, table] = await Promise.all([h.service('walk'), routedWeights(h, 'walk')]);
        // Status: the canary's current weight while it is the canary, then the promoted primary's.
        const canary = service.canary?.name === 'v2' ? service.canary : service.primary?.name === 'v2' ? service.primary : null;
        if (canary) record(statusWeights, canary.current_weight);
        if (table) record(routed, table);
        return { state, table };
      },
      ({ state, table }) => state === 'SUCCEEDED' && JSON.stringify(table) === JSON.stringify({ 'v2/primary': 100 }),
      60_000,
    );
    const last = await h.rollout('walk', id);
    const walk = [0, ...PERCENTS];
    // The rollout's own record of every traffic move, each step held the configured 1.5 s.
    expect(shiftedCanaryPercents(last.events)).toEqual(PERCENTS);
    const holds = last.events.filter((e: any) => e.type === 'HOLD_COMPLETED').map((e: any) => e.reason);
    expect(holds).toHaveLength(6);
    for (const reason of holds) expect(reason).toMatch(/^held \d+ % for 1\.5 s/);
    // What the status showed, every step of it, in order.
    expect(statusWeights).toEqual(walk);
    // What gateways were told: each split sums to 100, the canary's share walks the schedule.
    expect(routed.map((w) => w['v2/canary'] ?? (w['v2/primary'] === 100 ? 100 : 0))).toEqual(walk);
    for (const w of routed) expect(Object.values(w).reduce((a, b) => a + b, 0)).toBe(100);
    expect(routed[routed.length - 1]).toEqual({ 'v2/primary': 100 });
  });

  it('no schedule given: the API prices the default walk (5 … 100 %, 20 s holds, 2 minutes) exactly like the listed one', async () => {
    await firstVersion(h, 'priced');
    const dryRun = (rollout: Record<string, unknown>) =>
      h.deploy('priced', { applications: [app(2)], rollout: { drain_s: 0, ...rollout } }, { dry_run: true });
    const implicit = await dryRun({});
    const listed = await dryRun({ schedule: PERCENTS.map((percent) => ({ percent, hold_s: 20 })) });
    const noHolds = await dryRun({ schedule: PERCENTS.map((percent) => ({ percent, hold_s: 0 })) });
    expect([implicit.status, listed.status, noHolds.status]).toEqual([200, 200, 200]);
    expect(implicit.body.cost_estimate).toEqual(listed.body.cost_estimate);
    // Six 20 s holds (the last step's is not waited) = 120 s: DESIGN's "about 2 minutes".
    expect(implicit.body.cost_estimate.rollout_duration_s - noHolds.body.cost_estimate.rollout_duration_s).toBeCloseTo(120, 6);
  });

  it('no schedule given: the worker starts the default walk at 5 %, holds it 20 s, then goes to 10 % (step 2 of 7)', async () => {
    await firstVersion(h, 'implicit');
    const res = await h.deploy('implicit', { applications: [app(2)], rollout: { drain_s: 0 } });
    expect(res.status).toBe(202);
    const id = res.body.rollout.id;
    // A 20 s hold: polled every 250 ms (the harness's waitFor polls every 50 ms, which would
    // spend most of the token's 600 requests a minute on this one wait).
    const weights: number[] = [];
    const rollout = await sampleUntil(
      async () => {
        const r = await h.rollout('implicit', id);
        record(weights, r.canary_weight);
        return r;
      },
      (r) => r.canary_weight === 10,
      60_000,
      250,
    );
    expect(weights).toEqual([0, 5, 10]);
    const held = rollout.events.find((e: any) => e.type === 'HOLD_COMPLETED');
    expect(held?.reason).toMatch(/^held 5 % for 20 s: next step 10 % \(2\/7\)/);
    const shifts = rollout.events.filter((e: any) => e.type === 'TRAFFIC_SHIFTED');
    const heldMs = Date.parse(shifts[1].created_at) - Date.parse(shifts[0].created_at);
    expect(heldMs).toBeGreaterThanOrEqual(19_900);
    expect((await h.command('implicit', 'rollback', {})).status).toBe(202);
    await h.waitForState('implicit', id, 'ROLLED_BACK');
  });

  // Reference: "For autoscaling deployments, the percentages adjust the min_replicas and
  // max_replicas bounds … For the canary cluster, the percentage also applies to
  // initial_replicas. The adjusted initial_replicas value is the floor … until the rollout finishes."
  it('autoscaling + max_surge_percent 25: each side runs min/initial/max scaled by its capacity, initial as floor', async () => {
    const autoscaling = { min_replicas: 1, initial_replicas: 4, max_replicas: 8 };
    const config = { applications: [app(0, { num_replicas: undefined, autoscaling_config: autoscaling })] };
    const first = await firstVersion(h, 'elastic', config);
    const schedule = [25, 50, 75, 100].map((percent) => ({ percent, hold_s: percent === 100 ? 0 : 1.5 }));
    const res = await h.deploy('elastic', { ...config, rollout: { schedule, drain_s: 0 } }, { max_surge_percent: 25 });
    expect(res.status).toBe(202);
    const [v1, v2] = [first.version.id, res.body.version.id];

    // Expected targets by capacity, worked out by hand from the reference's rule
    // (ceil, at least 1; min raised to the scaled initial); 100 % during the rollout floors min at initial.
    const at = {
      25: { kind: 'autoscaling', minReplicas: 1, initialReplicas: 1, maxReplicas: 2 },
      50: { kind: 'autoscaling', minReplicas: 2, initialReplicas: 2, maxReplicas: 4 },
      75: { kind: 'autoscaling', minReplicas: 3, initialReplicas: 3, maxReplicas: 6 },
      100: { kind: 'autoscaling', minReplicas: 4, initialReplicas: 4, maxReplicas: 8 },
    };
    const configured = { kind: 'autoscaling', minReplicas: 1, initialReplicas: 4, maxReplicas: 8 };
    const spec = { kind: 'autoscaling' as const, minReplicas: 1, initialReplicas: 4, maxReplicas: 8 };
    for (const p of [25, 50, 75, 100] as const) expect(targetAt(spec, p)).toEqual(at[p]); // libs/rollout agrees

    const desired = { v1: [] as number[], v2: [] as number[] };
    const cloud = { v1: [] as unknown[], v2: [] as unknown[] };
    const last = await sampleUntil(
      async () => {
        // The rollout's state first: once it is over, what is read after it (status, cloud) is final.
        const state = await rolloutState(h, res.body.rollout.id);
        const [service, c1, c2] = await Promise.all([h.service('elastic'), simCluster(h, v1), simCluster(h, v2)]);
        for (const version of [service.primary, service.canary]) {
          const d = version?.deployments?.[0];
          if (d && (version.name === 'v1' || version.name === 'v2')) record(desired[version.name as 'v1' | 'v2'], d.desired_replicas);
        }
        if (c1 && !c1.terminated) record(cloud.v1, c1.targets[0]);
        if (c2) record(cloud.v2, c2.targets[0]);
        return state;
      },
      (state) => ['SUCCEEDED', 'ROLLED_BACK', 'FAILED'].includes(state),
      60_000,
    );
    expect(last).toBe('SUCCEEDED');
    // The cloud was asked for exactly these targets, in this order.
    expect(cloud.v2).toEqual([at[25], at[50], at[75], at[100], configured]);
    expect(cloud.v1).toEqual([configured, at[75], at[50], at[25]]);
    // The status's desired replicas per version follow them (the sim starts an autoscaler at its floor).
    expect(desired.v2).toEqual([1, 2, 3, 4]);
    expect(desired.v1).toEqual([4, 3, 2, 1]);
    const service = await h.service('elastic');
    expect(service.primary.deployments).toEqual([{ application: 'app', deployment: 'web', desired_replicas: 4, ready_replicas: 4 }]);
  });
});
