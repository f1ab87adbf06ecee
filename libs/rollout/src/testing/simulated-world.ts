/**
 * A deterministic stand-in for provider + gateway, driven by the machine's commands. Replicas
 * become ready `readyLagTicks` observations after they are asked for (scale-down is immediate),
 * so tests can check that traffic never moves ahead of ready capacity.
 */
import type { Command, TrafficSplit, VersionRole } from '../commands';
import { decide } from '../decide';
import type { DecideResult } from '../decision';
import type { Observations, UserCommand, VersionObservation } from '../observations';
import { floorOf } from '../replicas';
import { isTerminal, type RolloutMachineState } from '../state';

interface SimCluster {
  /** required (floor) replicas per `app/deployment` as last requested */
  desired: Record<string, number>;
  ready: Record<string, number>;
  /** observations left before `ready` catches up with `desired` */
  lagLeft: number;
  healthy: boolean;
}

export interface WorldOptions {
  readyLagTicks?: number;
  provisionFails?: string;
  /** Reports the primary cluster as running at full capacity from the start. */
  primaryReady?: Record<string, number>;
}

export class SimulatedWorld {
  readonly clusters: Partial<Record<VersionRole, SimCluster>> = {};
  weights: TrafficSplit | null = null;
  readonly log: Command[] = [];
  provisionStatus: 'none' | 'ok' | 'failed' = 'none';
  private readonly lag: number;
  private readonly pendingCommands: UserCommand[] = [];
  private replaced: string[] = [];
  private replacing: string | null = null;

  constructor(private readonly options: WorldOptions = {}) {
    this.lag = options.readyLagTicks ?? 1;
    if (options.primaryReady) {
      this.clusters.primary = {
        desired: { ...options.primaryReady },
        ready: { ...options.primaryReady },
        lagLeft: 0,
        healthy: true,
      };
      this.weights = { primary: 100, canary: 0 };
    }
  }

  setHealthy(role: VersionRole, healthy: boolean): void {
    const cluster = this.clusters[role];
    if (cluster) cluster.healthy = healthy;
  }

  queue(command: UserCommand): void {
    this.pendingCommands.push(command);
  }

  observe(): Observations {
    const observations: Observations = {};
    if (this.provisionStatus === 'ok') observations.provision = { status: 'ok' };
    if (this.provisionStatus === 'failed') {
      observations.provision = {
        status: 'failed',
        reason: this.options.provisionFails ?? 'capacity',
      };
    }
    for (const role of ['primary', 'canary'] as const) {
      const cluster = this.clusters[role];
      if (cluster) observations[role] = this.snapshot(cluster);
    }
    if (this.replaced.length > 0) observations.inPlace = { replacedReplicaIds: [...this.replaced] };
    if (this.replacing !== null) this.replaced.push(this.replacing);
    this.replacing = null;
    const command = this.pendingCommands.shift();
    if (command) observations.userCommand = command;
    return observations;
  }

  apply(commands: Command[]): void {
    for (const command of commands) {
      this.log.push(command);
      this.applyOne(command);
    }
  }

  private snapshot(cluster: SimCluster): VersionObservation {
    const observation: VersionObservation = {
      healthy: cluster.healthy,
      deployments: Object.entries(cluster.ready).map(([name, readyReplicas]) => {
        const [application = '', deployment = ''] = name.split('/');
        return { application, deployment, readyReplicas };
      }),
    };
    if (cluster.lagLeft > 0) cluster.lagLeft -= 1;
    if (cluster.lagLeft === 0) cluster.ready = { ...cluster.desired };
    return observation;
  }

  private scale(
    role: VersionRole,
    targets: { application: string; deployment: string; replicas: number }[],
  ): void {
    const cluster = this.clusters[role] ?? { desired: {}, ready: {}, lagLeft: 0, healthy: true };
    this.clusters[role] = cluster;
    for (const t of targets) {
      const name = `${t.application}/${t.deployment}`;
      cluster.desired[name] = t.replicas;
      cluster.ready[name] = Math.min(cluster.ready[name] ?? 0, t.replicas);
    }
    cluster.lagLeft = this.lag;
    if (this.lag === 0) cluster.ready = { ...cluster.desired };
  }

  private applyOne(command: Command): void {
    switch (command.kind) {
      case 'provisionCluster':
        if (this.options.provisionFails) {
          this.provisionStatus = 'failed';
          return;
        }
        this.provisionStatus = 'ok';
        this.scale(command.version.role, floors(command.targets));
        return;
      case 'setCapacity':
        this.scale(command.version.role, floors(command.targets));
        return;
      case 'setWeights':
        this.weights = command.weights;
        return;
      case 'terminateCluster':
        delete this.clusters[command.version.role];
        return;
      case 'inPlaceUpdate':
        if (command.mode === 'light') this.scale('primary', floors(command.targets));
        else this.replacing = command.replica.replicaId;
        return;
      case 'recordEvent':
        return;
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  }
}

function floors(
  targets: { application: string; deployment: string; target: Parameters<typeof floorOf>[0] }[],
) {
  return targets.map((t) => ({
    application: t.application,
    deployment: t.deployment,
    replicas: floorOf(t.target),
  }));
}

export interface Tick {
  now: number;
  before: RolloutMachineState;
  observations: Observations;
  result: DecideResult;
}

/** Runs ticks at `nextTickAt` until terminal, `until(state)`, or `maxTicks`. */
export function runTicks(
  start: RolloutMachineState,
  world: SimulatedWorld,
  options: {
    now?: number;
    maxTicks?: number;
    until?: (state: RolloutMachineState) => boolean;
  } = {},
): { state: RolloutMachineState; ticks: Tick[]; now: number } {
  let state = start;
  let now = options.now ?? start.startedAt;
  const ticks: Tick[] = [];
  for (let i = 0; i < (options.maxTicks ?? 500); i++) {
    if (isTerminal(state.phase) || options.until?.(state)) break;
    const observations = world.observe();
    const result = decide(state, observations, now);
    world.apply(result.commands);
    ticks.push({ now, before: state, observations, result });
    state = result.state;
    now = result.nextTickAt ?? now;
  }
  return { state, ticks, now };
}

/** Primary at full capacity, as a real service would be before an update. */
export function fullyReady(state: RolloutMachineState): Record<string, number> {
  if (state.plan.strategy === 'INITIAL') return {};
  const ready: Record<string, number> = {};
  for (const d of state.plan.primary.deployments) {
    const r = d.replicas;
    ready[`${d.application}/${d.deployment}`] =
      r.kind === 'static' ? r.numReplicas : Math.max(r.minReplicas, r.initialReplicas);
  }
  return ready;
}
