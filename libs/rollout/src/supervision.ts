/**
 * Everything that can interrupt forward progress of an INITIAL/CANARY rollout, checked before
 * the phase handler: user commands, provisioning failure, canary health, the deadline.
 * Returns `true` when it took over the decision (the phase handler must not run).
 *
 * Automatic rollback is OFF under manual control (`canaryPercent`): an unhealthy canary or a
 * passed deadline only records an AUTO_ROLLBACK_SUPPRESSED event, once.
 */
import { cancelRollout } from './cancel';
import type { Decision } from './decision';
import { terminateCanary } from './effects';
import type { Observations, UserCommand } from './observations';
import { validateSurge } from './plan';
import type { RolloutPlanProblem } from './errors';
import { escalateRollback, startRollback } from './rollback';
import { isValidPercent } from './schedule';
import type { RolloutPhase } from './state';

/** Phases in which the canary serves (or is about to serve) traffic next to a live primary. */
const CANARY_LIVE: readonly RolloutPhase[] = ['SHIFTING', 'PAUSED', 'COMPLETING'];
/** Phases in which the rollout is still moving forward and can time out. */
const FORWARD: readonly RolloutPhase[] = [
  'PENDING',
  'PROVISIONING',
  'WAITING_HEALTHY',
  'SHIFTING',
  'PAUSED',
  'COMPLETING',
];

export function supervise(d: Decision, observations: Observations): boolean {
  if (observations.userCommand && applyUserCommand(d, observations.userCommand, observations))
    return true;
  const s = d.state;
  const starting = s.phase === 'PROVISIONING' || s.phase === 'WAITING_HEALTHY';
  if (starting && observations.provision?.status === 'failed') {
    const reason = `canary cluster failed to start: ${observations.provision.reason}`;
    failOrRollBack(d, 'PROVISION_FAILED', reason, observations);
    return true;
  }
  if (trackCanaryHealth(d, observations)) return true;
  return checkDeadline(d, observations);
}

function applyUserCommand(d: Decision, command: UserCommand, observations: Observations): boolean {
  const s = d.state;
  switch (command.kind) {
    case 'terminate':
      cancelRollout(d);
      return true;
    case 'rollback': {
      const problems: RolloutPlanProblem[] = [];
      validateSurge(command.maxSurgePercent, 'maxSurgePercent', problems);
      if (d.plan.strategy === 'INITIAL')
        return ignore(d, 'rollback', 'a first deploy has no primary to return to; use terminate');
      if (problems[0]) return ignore(d, 'rollback', problems[0].message);
      if (s.phase === 'ROLLING_BACK') {
        if (command.maxSurgePercent === undefined && s.rollback?.mode === 'gradual') {
          escalateRollback(d, 'second rollback without max_surge_percent');
          return true;
        }
        return ignore(d, 'rollback', 'already rolling back');
      }
      const surge = command.maxSurgePercent ?? null;
      startRollback(
        d,
        'MANUAL',
        `manual rollback requested${surge === null ? '' : ` (max surge ${surge} %)`}`,
        surge,
        observations,
      );
      return true;
    }
    case 'setCanaryPercent': {
      if (d.plan.strategy === 'INITIAL')
        return ignore(d, 'canary_percent', 'a first deploy has no canary split');
      if (!isValidPercent(command.percent))
        return ignore(d, 'canary_percent', `must be an integer 0..100, got ${command.percent}`);
      if (!FORWARD.includes(s.phase) || s.phase === 'COMPLETING')
        return ignore(d, 'canary_percent', `rollout is ${s.phase}`);
      const switched = s.control === 'automatic';
      s.control = 'manual';
      s.goalPercent = command.percent;
      s.holdUntil = null;
      d.event(
        'COMMAND_ACCEPTED',
        `canary_percent ${command.percent} %${switched ? ': rollout now under manual control (automatic rollback off)' : ''}`,
      );
      return false;
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function ignore(d: Decision, what: string, why: string): boolean {
  d.event('COMMAND_IGNORED', `${what} ignored: ${why}`);
  return false;
}

function failOrRollBack(
  d: Decision,
  trigger: 'PROVISION_FAILED' | 'TIMEOUT' | 'UNHEALTHY',
  reason: string,
  observations: Observations,
): void {
  if (d.plan.strategy === 'INITIAL') {
    terminateCanary(d, reason);
    d.transition('FAILED', `${reason}: first deploy failed`);
    return;
  }
  startRollback(d, trigger, `${reason}: rolling back`, null, observations);
}

function trackCanaryHealth(d: Decision, observations: Observations): boolean {
  const s = d.state;
  const canary = observations.canary;
  if (!canary || !s.health.canaryHealthyOnce || !CANARY_LIVE.includes(s.phase)) return false;
  const threshold = d.plan.healthFailureThreshold;
  if (canary.healthy) {
    if (s.health.consecutiveFailures > 0) {
      d.event(
        'HEALTH_RECOVERED',
        `canary healthy again after ${s.health.consecutiveFailures} failed check(s)`,
      );
    }
    s.health.consecutiveFailures = 0;
    return false;
  }
  s.health.consecutiveFailures += 1;
  const failures = s.health.consecutiveFailures;
  if (failures < threshold) {
    d.event(
      'HEALTH_CHECK_FAILED',
      `canary unhealthy (${failures}/${threshold} consecutive checks)`,
    );
    return false;
  }
  const reason = `canary unhealthy for ${failures} consecutive checks`;
  if (s.control === 'manual') {
    if (failures === threshold) {
      d.event(
        'AUTO_ROLLBACK_SUPPRESSED',
        `${reason}: automatic rollback is off under manual control`,
      );
    }
    return false;
  }
  failOrRollBack(d, 'UNHEALTHY', reason, observations);
  return true;
}

function checkDeadline(d: Decision, observations: Observations): boolean {
  const s = d.state;
  if (d.now < s.deadlineAt || s.timeoutReported || !FORWARD.includes(s.phase)) return false;
  const reason = `rollout exceeded its timeout of ${d.plan.timeoutS} s`;
  if (s.control === 'manual') {
    s.timeoutReported = true;
    d.event(
      'AUTO_ROLLBACK_SUPPRESSED',
      `${reason}: automatic rollback is off under manual control`,
    );
    return false;
  }
  s.timeoutReported = true;
  failOrRollBack(d, 'TIMEOUT', reason, observations);
  return true;
}
