import { initialState } from './decide';
import { RolloutPlanError } from './errors';
import { normalizePlan } from './plan';
import type { CanaryPlanInput } from './plan-types';
import { aPlan } from './testing/plan-builder';

describe('plan defaults and validation', () => {
  it('fills the defaults', () => {
    const result = normalizePlan(aPlan().build());
    expect(result.ok && result.plan).toMatchObject({
      timeoutS: 7200,
      healthFailureThreshold: 3,
      pollIntervalS: 5,
      drainS: 30,
      maxSurgePercent: null,
      schedule: {
        kind: 'automatic',
        steps: [5, 10, 20, 30, 50, 75, 100].map((percent) => ({ percent, holdS: 20 })),
      },
    });
  });

  it('the deadline is start + timeoutS', () => {
    expect(aPlan().withTiming({ timeoutS: 90 }).start(1_000).deadlineAt).toBe(91_000);
    expect(aPlan().start(0).deadlineAt).toBe(7_200_000);
  });

  it.each<[string, Partial<CanaryPlanInput>, string[]]>([
    [
      'schedule not ending at 100',
      {
        schedule: {
          kind: 'automatic',
          steps: [
            { percent: 10, holdS: 1 },
            { percent: 50, holdS: 1 },
          ],
        },
      },
      ['INVALID_SCHEDULE:schedule.steps'],
    ],
    [
      'schedule going down',
      {
        schedule: {
          kind: 'automatic',
          steps: [
            { percent: 50, holdS: 1 },
            { percent: 20, holdS: 1 },
            { percent: 100, holdS: 0 },
          ],
        },
      },
      ['INVALID_SCHEDULE:schedule.steps[1].percent'],
    ],
    [
      'empty schedule',
      { schedule: { kind: 'automatic', steps: [] } },
      ['INVALID_SCHEDULE:schedule.steps'],
    ],
    [
      'fractional percent',
      {
        schedule: {
          kind: 'automatic',
          steps: [
            { percent: 2.5, holdS: 1 },
            { percent: 100, holdS: 1 },
          ],
        },
      },
      ['INVALID_PERCENT:schedule.steps[0].percent'],
    ],
    [
      'negative hold',
      { schedule: { kind: 'automatic', holdS: -1 } },
      ['INVALID_DURATION:schedule.holdS'],
    ],
    [
      'manual percent 150',
      { schedule: { kind: 'manual', canaryPercent: 150 } },
      ['INVALID_PERCENT:schedule.canaryPercent'],
    ],
    ['surge 0', { maxSurgePercent: 0 }, ['INVALID_SURGE:maxSurgePercent']],
    ['surge 101', { maxSurgePercent: 101 }, ['INVALID_SURGE:maxSurgePercent']],
    ['zero timeout', { timeoutS: 0 }, ['INVALID_DURATION:timeoutS']],
    ['threshold 0', { healthFailureThreshold: 0 }, ['INVALID_DURATION:healthFailureThreshold']],
    [
      'no deployments',
      { canary: { versionId: 'v2', deployments: [] } },
      ['INVALID_VERSION:canary.deployments'],
    ],
    [
      'autoscaling min > initial',
      {
        canary: {
          versionId: 'v2',
          deployments: [
            {
              application: 'a',
              deployment: 'd',
              replicas: { kind: 'autoscaling', minReplicas: 3, initialReplicas: 1, maxReplicas: 5 },
            },
          ],
        },
      },
      ['INVALID_REPLICAS:canary.deployments[0].replicas'],
    ],
    [
      'static 0 replicas',
      {
        canary: {
          versionId: 'v2',
          deployments: [
            { application: 'a', deployment: 'd', replicas: { kind: 'static', numReplicas: 0 } },
          ],
        },
      },
      ['INVALID_REPLICAS:canary.deployments[0].replicas'],
    ],
  ])('rejects %s', (_name, override, problems) => {
    const input = { ...(aPlan().build() as CanaryPlanInput), ...override };
    const result = normalizePlan(input);
    expect(result.ok ? [] : result.problems.map((p) => `${p.code}:${p.field}`)).toEqual(problems);
    expect(() => initialState(input, 0)).toThrow(RolloutPlanError);
  });
});
