import { decide } from './decide';
import type { SetCapacityCommand } from './commands';
import { aPlan } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld } from './testing/simulated-world';
import type { RolloutMachineState } from './state';

type Row = [
  canaryReplicas: number,
  canaryTraffic: number,
  primaryReplicas: number,
  primaryTraffic: number,
];

function row(state: RolloutMachineState): Row {
  return [
    state.capacity.canary,
    state.traffic.canary,
    state.capacity.primary,
    state.traffic.primary,
  ];
}

function distinctRows(states: RolloutMachineState[]): Row[] {
  const rows: Row[] = [];
  for (const state of states) {
    const next = row(state);
    const last = rows[rows.length - 1];
    if (!last || last.some((v, i) => v !== next[i])) rows.push(next);
  }
  return rows;
}

/** anyscale-update-a-service.md, "Update a service with constrained resources", S = 25. */
const REFERENCE_TABLE_S25: Row[] = [
  [0, 0, 100, 100],
  [25, 0, 100, 100],
  [25, 25, 75, 75],
  [50, 25, 75, 75],
  [50, 50, 50, 50],
  [75, 50, 50, 50],
  [75, 75, 25, 25],
  [100, 75, 25, 25],
  [100, 100, 0, 0],
];

describe('max surge 25 %: the reference table, row for row', () => {
  const scenarios = [
    {
      name: 'automatic, single 100 % step',
      plan: () =>
        aPlan()
          .withSurge(25)
          .withSchedule([{ percent: 100, holdS: 0 }]),
    },
    { name: 'manual canary_percent=100', plan: () => aPlan().withSurge(25).manual(100) },
  ];

  it.each(scenarios)('$name', ({ plan }) => {
    const start = plan()
      .withDeployment('app', 'd', { replicas: 4 })
      .withTiming({ drainS: 0 })
      .start(0);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start) });
    const { state, ticks } = runTicks(start, world);
    expect(state.phase).toBe('SUCCEEDED');
    expect(distinctRows([start, ...ticks.map((t) => t.result.state)])).toEqual(REFERENCE_TABLE_S25);
  });

  it('replica counts per row for a 4-replica deployment: canary 1,1,2,2,3,3,4 / primary 3,2,1', () => {
    const start = aPlan()
      .withSurge(25)
      .manual(100)
      .withDeployment('app', 'd', { replicas: 4 })
      .withTiming({ drainS: 0 })
      .start(0);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start) });
    runTicks(start, world);
    const scaling = world.log
      .filter(
        (c): c is SetCapacityCommand | Extract<typeof c, { kind: 'provisionCluster' }> =>
          c.kind === 'setCapacity' || c.kind === 'provisionCluster',
      )
      .map((c) => `${c.version.role}@${c.capacityPercent}=${JSON.stringify(c.targets[0]?.target)}`);
    expect(scaling).toEqual([
      'canary@25={"kind":"static","replicas":1}',
      'primary@75={"kind":"static","replicas":3}',
      'canary@50={"kind":"static","replicas":2}',
      'primary@50={"kind":"static","replicas":2}',
      'canary@75={"kind":"static","replicas":3}',
      'primary@25={"kind":"static","replicas":1}',
      'canary@100={"kind":"static","replicas":4}',
    ]);
    expect(
      world.log.filter((c) => c.kind === 'terminateCluster').map((c) => c.version.role),
    ).toEqual(['primary']);
  });

  it('traffic waits while the new canary capacity is not ready yet (row 4 → row 5)', () => {
    const start = aPlan()
      .withSurge(25)
      .manual(100)
      .withDeployment('app', 'd', { replicas: 4 })
      .start(0);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start) });
    const { state } = runTicks(start, world, { until: (s) => s.capacity.canary === 50 });
    expect(row(state)).toEqual([50, 25, 75, 75]);
    // canary still reports 1 ready replica (needs 2 at 50 %): no traffic moves, no commands.
    const waiting = decide(
      state,
      {
        canary: {
          healthy: true,
          deployments: [{ application: 'app', deployment: 'd', readyReplicas: 1 }],
        },
      },
      1_000,
    );
    expect(waiting.commands).toEqual([]);
    expect(waiting.changed).toBe(false);
    const moved = decide(
      state,
      {
        canary: {
          healthy: true,
          deployments: [{ application: 'app', deployment: 'd', readyReplicas: 2 }],
        },
      },
      1_000,
    );
    expect(row(moved.state)).toEqual([50, 50, 50, 50]);
    expect(moved.commands.filter((c) => c.kind !== 'recordEvent').map((c) => c.kind)).toEqual([
      'setWeights',
      'setCapacity',
    ]);
  });

  it('the provider saying desiredCapacityReached=false vetoes a traffic move', () => {
    const start = aPlan()
      .withSurge(25)
      .manual(100)
      .withDeployment('app', 'd', { replicas: 4 })
      .start(0);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start) });
    const { state } = runTicks(start, world, { until: (s) => s.capacity.canary === 50 });
    const obs = {
      canary: {
        healthy: true,
        desiredCapacityReached: false,
        deployments: [{ application: 'app', deployment: 'd', readyReplicas: 2 }],
      },
    };
    expect(decide(state, obs, 1_000).commands).toEqual([]);
  });
});
