import { decide } from './decide';
import type { Observations } from './observations';
import type { RolloutPhase } from './state';
import { actions, transitions } from './testing/inspect';
import { anObservation, readyAt } from './testing/observation-builder';
import { aPlan } from './testing/plan-builder';

describe('first deploy (INITIAL): provision, wait healthy, 100 %', () => {
  const start = aPlan().initial().withDeployment('app', 'model', { replicas: 3 }).start(1_000);
  const v1 = start.plan.canary;

  const steps: {
    name: string;
    obs: Observations;
    phase: RolloutPhase;
    actions: string[];
    transition?: string;
  }[] = [
    {
      name: 'provision at full capacity',
      obs: {},
      phase: 'PROVISIONING',
      actions: ['provisionCluster:canary@100'],
      transition: 'PENDING→PROVISIONING: provisioning a cluster for version v1 at 100 % capacity',
    },
    { name: 'nothing known yet: wait', obs: {}, phase: 'PROVISIONING', actions: [] },
    {
      name: 'provisioned, replicas starting',
      obs: { provision: { status: 'ok' }, canary: { healthy: false, deployments: [] } },
      phase: 'WAITING_HEALTHY',
      actions: [],
      transition:
        'PROVISIONING→WAITING_HEALTHY: cluster provisioned: waiting for every application to be healthy',
    },
    {
      name: 'healthy but 2/3 ready: wait',
      obs: {
        canary: {
          healthy: true,
          deployments: [{ application: 'app', deployment: 'model', readyReplicas: 2 }],
        },
      },
      phase: 'WAITING_HEALTHY',
      actions: [],
    },
    {
      name: 'healthy and 3/3 ready: all traffic',
      obs: { canary: readyAt(v1, 100) },
      phase: 'SUCCEEDED',
      actions: ['setWeights:100'],
      transition:
        'WAITING_HEALTHY→SUCCEEDED: first version healthy: 3/3 replicas ready; serving 100 % of traffic',
    },
  ];

  it('walks the steps in order', () => {
    let state = start;
    steps.forEach((step, i) => {
      const result = decide(state, step.obs, 2_000 + i * 5_000);
      expect({ step: step.name, phase: result.state.phase, actions: actions(result) }).toEqual({
        step: step.name,
        phase: step.phase,
        actions: step.actions,
      });
      expect(transitions(result)).toEqual(step.transition ? [step.transition] : []);
      state = result.state;
    });
    expect(state.traffic).toEqual({ primary: 0, canary: 100 });
    expect(state.outcomeReason).toBe(
      'first version healthy: 3/3 replicas ready; serving 100 % of traffic',
    );
  });

  it('sets weights with no primary version', () => {
    let state = decide(start, {}, 1_000).state;
    state = decide(state, anObservation().provisioned().build(), 2_000).state;
    const result = decide(state, { canary: readyAt(v1, 100) }, 3_000);
    expect(result.commands.find((c) => c.kind === 'setWeights')).toEqual({
      kind: 'setWeights',
      key: 'ro-1/3/weights',
      primaryVersionId: null,
      canaryVersionId: 'v1',
      weights: { primary: 0, canary: 100 },
    });
  });

  it.each([
    [
      'provisioning fails',
      { provision: { status: 'failed', reason: 'no g5.xlarge capacity' } } as Observations,
      5_000,
      'FAILED',
      'PROVISIONING→FAILED: canary cluster failed to start: no g5.xlarge capacity: first deploy failed',
    ],
    [
      'the deadline passes',
      {} as Observations,
      1_000 + 60_000,
      'FAILED',
      'PROVISIONING→FAILED: rollout exceeded its timeout of 60 s: first deploy failed',
    ],
  ])(
    'fails (no primary to roll back to) when %s, terminating its cluster',
    (_name, obs, now, phase, transition) => {
      const planned = aPlan().initial().withTiming({ timeoutS: 60 }).start(1_000);
      const provisioning = decide(planned, {}, 1_000).state;
      const result = decide(provisioning, obs, now);
      expect(result.state.phase).toBe(phase);
      expect(actions(result)).toEqual(['terminateCluster:canary@0']);
      expect(transitions(result)).toEqual([transition]);
      expect(result.nextTickAt).toBeNull();
    },
  );

  it('restores configured autoscaling bounds once serving (initial was the floor while starting)', () => {
    const auto = aPlan()
      .initial()
      .withDeployment('app', 'model', { autoscaling: { min: 0, initial: 2, max: 6 } })
      .start(0);
    const provisioning = decide(auto, {}, 0);
    expect(provisioning.commands[0]).toMatchObject({
      kind: 'provisionCluster',
      targets: [
        { target: { kind: 'autoscaling', minReplicas: 2, initialReplicas: 2, maxReplicas: 6 } },
      ],
    });
    const waiting = decide(provisioning.state, { provision: { status: 'ok' } }, 1);
    const done = decide(waiting.state, { canary: readyAt(auto.plan.canary, 100) }, 2);
    expect(actions(done)).toEqual(['setWeights:100', 'setCapacity:canary@100']);
    expect(done.commands[2]).toMatchObject({
      key: 'ro-1/3/capacity/canary/final',
      targets: [
        { target: { kind: 'autoscaling', minReplicas: 0, initialReplicas: 2, maxReplicas: 6 } },
      ],
    });
  });
});
