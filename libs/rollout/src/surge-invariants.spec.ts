/**
 * Property-style check of the max-surge invariants over many (S, replica shapes, schedules,
 * readiness lags) combinations, at every tick of a simulated rollout (and gradual rollback).
 */
import type { DeploymentTarget } from './commands';
import type { VersionObservation } from './observations';
import type { VersionSpec } from './plan-types';
import { floorOf, replicasAt, targetAt } from './replicas';
import { aPlan, type PlanBuilder, type ReplicaShape } from './testing/plan-builder';
import { fullyReady, runTicks, SimulatedWorld, type Tick } from './testing/simulated-world';

const SURGES = [3, 5, 10, 20, 25, 33, 50, 75, 100];
const SHAPES: ReplicaShape[][] = [
  [{ replicas: 1 }],
  [{ replicas: 4 }],
  [{ replicas: 7 }, { replicas: 2 }],
  [{ replicas: 13 }, { autoscaling: { min: 0, initial: 3, max: 9 } }],
  [{ autoscaling: { min: 2, initial: 4, max: 10 } }, { replicas: 3 }, { replicas: 10 }],
  [{ autoscaling: { min: 1, initial: 1, max: 1 } }],
];
const SCHEDULES: { name: string; apply: (p: PlanBuilder) => PlanBuilder }[] = [
  { name: 'default', apply: (p) => p.withHoldS(1) },
  { name: 'manual 100', apply: (p) => p.manual(100) },
  {
    name: 'custom 30/60/100',
    apply: (p) =>
      p.withSchedule([
        { percent: 30, holdS: 2 },
        { percent: 60, holdS: 0 },
        { percent: 100, holdS: 0 },
      ]),
  },
];

function build(surge: number, shapes: ReplicaShape[], schedule: (p: PlanBuilder) => PlanBuilder) {
  const plan = schedule(aPlan().withSurge(surge).withTiming({ drainS: 0, pollIntervalS: 1 }));
  shapes.forEach((shape, i) => plan.withDeployment(`app${i % 2}`, `d${i}`, shape));
  return plan.start(0);
}

function covers(
  observation: VersionObservation | undefined,
  version: VersionSpec,
  percent: number,
): boolean {
  if (percent === 0) return true;
  return version.deployments.every((d) => {
    const ready =
      observation?.deployments.find(
        (o) => o.application === d.application && o.deployment === d.deployment,
      )?.readyReplicas ?? 0;
    return ready >= floorOf(targetAt(d.replicas, percent));
  });
}

function fullReplicas(version: VersionSpec, name: string): number {
  const d = version.deployments.find((x) => `${x.application}/${x.deployment}` === name);
  if (!d) throw new Error(name);
  return d.replicas.kind === 'static'
    ? d.replicas.numReplicas
    : Math.max(d.replicas.initialReplicas, d.replicas.minReplicas, 1);
}

function checkTargets(targets: DeploymentTarget[], version: VersionSpec, percent: number): void {
  for (const t of targets) {
    const spec = version.deployments.find(
      (d) => d.application === t.application && d.deployment === t.deployment,
    );
    expect(spec).toBeDefined();
    if (!spec) return;
    if (spec.replicas.kind === 'static') {
      expect(t.target).toEqual({
        kind: 'static',
        replicas: replicasAt(spec.replicas.numReplicas, percent),
      });
    }
    if (percent < 100) expect(floorOf(t.target)).toBeGreaterThanOrEqual(1);
  }
}

function checkInvariants(ticks: Tick[], maxSurge: number): void {
  ticks.forEach((tick, k) => {
    const { state, commands } = tick.result;
    const plan = state.plan;
    if (plan.strategy !== 'CANARY') throw new Error('expected CANARY');
    // total capacity never above 100 + S; each side's traffic within its capacity
    expect(state.capacity.canary + state.capacity.primary).toBeLessThanOrEqual(100 + maxSurge);
    expect(state.traffic.canary).toBeLessThanOrEqual(state.capacity.canary);
    expect(state.traffic.primary).toBeLessThanOrEqual(
      Math.max(state.capacity.primary, state.phase === 'ROLLED_BACK' ? 100 : 0),
    );
    // a traffic increase is backed by replicas observed READY before the decision
    if (state.traffic.canary > tick.before.traffic.canary)
      expect(covers(tick.observations.canary, plan.canary, state.traffic.canary)).toBe(true);
    if (state.traffic.primary > tick.before.traffic.primary)
      expect(covers(tick.observations.primary, plan.primary, state.traffic.primary)).toBe(true);
    // …and still covered by what the world reports right after the commands ran
    const after = ticks[k + 1]?.observations;
    if (after && state.phase !== 'ROLLING_BACK' && state.phase !== 'ROLLED_BACK') {
      expect(covers(after.canary, plan.canary, state.traffic.canary)).toBe(true);
      expect(covers(after.primary, plan.primary, state.traffic.primary)).toBe(true);
    }
    for (const c of commands) {
      if (c.kind === 'setCapacity' || c.kind === 'provisionCluster') {
        const version = c.version.role === 'canary' ? plan.canary : plan.primary;
        if (!c.key.endsWith('/final')) checkTargets(c.targets, version, c.capacityPercent);
      }
    }
    // replica-level total per deployment: ceil(a) + ceil(b) ≤ ceil(a + b) + 1
    if (after?.canary && after.primary) {
      for (const d of after.canary.deployments) {
        const name = `${d.application}/${d.deployment}`;
        const primaryReady =
          after.primary.deployments.find((p) => `${p.application}/${p.deployment}` === name)
            ?.readyReplicas ?? 0;
        const n = fullReplicas(plan.canary, name);
        expect(d.readyReplicas + primaryReady).toBeLessThanOrEqual(
          Math.ceil((n * (100 + maxSurge)) / 100) + 1,
        );
      }
    }
  });
}

const cases = SURGES.flatMap((surge) =>
  SHAPES.flatMap((shapes, shapeIndex) =>
    SCHEDULES.flatMap((schedule) =>
      [0, 1].map((lag) => ({ surge, shapeIndex, shapes, schedule, lag })),
    ),
  ),
);

describe(`max surge invariants (${cases.length} combinations)`, () => {
  it.each(
    cases.map(
      (c) => [`S=${c.surge} shapes#${c.shapeIndex} ${c.schedule.name} lag=${c.lag}`, c] as const,
    ),
  )('%s', (_name, c) => {
    const start = build(c.surge, c.shapes, c.schedule.apply);
    const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: c.lag });
    const { state, ticks } = runTicks(start, world, { maxTicks: 2000 });
    checkInvariants(ticks, c.surge);
    expect(state.phase).toBe('SUCCEEDED');
    expect(world.weights).toEqual({ primary: 0, canary: 100 });
    expect(world.clusters.primary).toBeUndefined();
    expect(world.log.filter((cmd) => cmd.kind === 'provisionCluster')).toHaveLength(1);
  });
});

describe('gradual rollback invariants (rollback with its own surge at every point of a rollout)', () => {
  const rollbackCases = [10, 25, 50].flatMap((surge) =>
    [5, 25, 100].flatMap((rollbackSurge) =>
      [2, 4, 6, 8, 10, 12].map((atTick) => ({ surge, rollbackSurge, atTick })),
    ),
  );
  it.each(rollbackCases)(
    'S=$surge, rollback S=$rollbackSurge at tick $atTick',
    ({ surge, rollbackSurge, atTick }) => {
      const start = build(surge, SHAPES[4] ?? [], (p) => p.manual(100));
      const world = new SimulatedWorld({ primaryReady: fullyReady(start), readyLagTicks: 1 });
      const head = runTicks(start, world, { maxTicks: atTick });
      world.queue({ kind: 'rollback', maxSurgePercent: rollbackSurge });
      const tail = runTicks(head.state, world, { now: head.now, maxTicks: 2000 });
      checkInvariants([...head.ticks, ...tail.ticks], Math.max(surge, rollbackSurge));
      if (head.state.phase === 'SUCCEEDED') return;
      expect(tail.state.phase).toBe('ROLLED_BACK');
      expect(world.weights).toEqual({ primary: 100, canary: 0 });
      expect(world.clusters.canary).toBeUndefined();
    },
  );
});
