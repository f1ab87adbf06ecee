/**
 * The working copy of one `decide` call: a mutable clone of the state plus the commands emitted
 * so far, each keyed `<rolloutId>/<seq>/<what>` where `seq` is the state's next sequence number.
 */
import type { Command, TrafficSplit, UnkeyedCommand, VersionRef, VersionRole } from './commands';
import type { RolloutEventType } from './events';
import { jsonEqual } from './json';
import type { VersionSpec } from './plan-types';
import { isTerminal, type RolloutMachineState, type RolloutPhase } from './state';

export interface DecideResult {
  state: RolloutMachineState;
  /** In execution order: weights before the capacity reductions they make safe. */
  commands: Command[];
  /** When the worker should tick again at the latest; `null` once the rollout is terminal. */
  nextTickAt: number | null;
  /** `false` when the state is untouched and no command was emitted: nothing to persist. */
  changed: boolean;
}

export class Decision {
  readonly state: RolloutMachineState;
  private readonly commands: Command[] = [];
  private readonly usedKeys = new Set<string>();

  constructor(
    private readonly original: RolloutMachineState,
    readonly now: number,
  ) {
    this.state = structuredClone(original);
  }

  get plan() {
    return this.state.plan;
  }

  emit(command: UnkeyedCommand, what: string): void {
    const base = `${this.original.rolloutId}/${this.original.seq + 1}/${what}`;
    let key = base;
    for (let n = 2; this.usedKeys.has(key); n++) key = `${base}#${n}`;
    this.usedKeys.add(key);
    this.commands.push({ ...command, key } as Command);
  }

  /** An event that does not change the phase (progress inside a phase, warnings, …). */
  event(type: RolloutEventType, reason: string): void {
    const phase = this.state.phase;
    this.emit(
      {
        kind: 'recordEvent',
        event: { type, reason, fromState: phase, toState: phase, at: this.now },
      },
      `event/${this.commands.filter((c) => c.kind === 'recordEvent').length}`,
    );
  }

  transition(to: RolloutPhase, reason: string): void {
    const from = this.state.phase;
    this.state.phase = to;
    this.state.phaseEnteredAt = this.now;
    if (isTerminal(to)) {
      this.state.outcomeReason = reason;
      this.state.holdUntil = null;
      this.state.drainUntil = null;
    }
    this.emit(
      {
        kind: 'recordEvent',
        event: { type: 'TRANSITION', reason, fromState: from, toState: to, at: this.now },
      },
      `event/${this.commands.filter((c) => c.kind === 'recordEvent').length}`,
    );
  }

  version(role: VersionRole): VersionRef {
    return { role, versionId: this.spec(role).versionId };
  }

  /** The version spec for a role; INITIAL has no primary (a programming error to ask). */
  spec(role: VersionRole): VersionSpec {
    const plan = this.state.plan;
    if (role === 'canary') return plan.canary;
    if (plan.strategy === 'INITIAL') throw new Error('an INITIAL rollout has no primary version');
    return plan.primary;
  }

  hasPrimary(): boolean {
    return this.state.plan.strategy !== 'INITIAL';
  }

  result(): DecideResult {
    const changed = this.commands.length > 0 || !jsonEqual(this.original, this.state);
    if (changed) this.state.seq = this.original.seq + 1;
    return { state: this.state, commands: this.commands, nextTickAt: this.nextTickAt(), changed };
  }

  private nextTickAt(): number | null {
    const s = this.state;
    if (isTerminal(s.phase)) return null;
    const candidates = [this.now + s.plan.pollIntervalS * 1000];
    if (s.holdUntil !== null) candidates.push(s.holdUntil);
    if (s.drainUntil !== null) candidates.push(s.drainUntil);
    if (!s.timeoutReported && s.phase !== 'ROLLING_BACK') candidates.push(s.deadlineAt);
    return Math.max(this.now, Math.min(...candidates));
  }
}

export function describeSplit(split: TrafficSplit): string {
  return `canary ${split.canary} %, primary ${split.primary} %`;
}
