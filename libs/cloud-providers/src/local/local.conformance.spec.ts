/**
 * The provider conformance suite against the local provider with real processes on loopback:
 * every replica is the fixture's HTTP server, health-checked over HTTP; time is real (the
 * harness polls every 100 ms). Each test's cleanup SIGKILLs whatever the store recorded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describeProviderConformance } from '../conformance';
import { createLocalRig, fixtureCommand } from './testing/rig';

describeProviderConformance(
  'local (real processes)',
  async () => {
    const rig = createLocalRig();
    return {
      provider: rig.provider,
      advance: (ms: number) => sleep(ms),
      cleanup: () => rig.cleanup(),
      adaptSpec: (spec) => ({
        ...spec,
        cloud: { ...spec.cloud, provider: 'LOCAL' },
        applications: spec.applications.map((a) => ({
          ...a,
          command: fixtureCommand(),
          healthCheck: { ...a.healthCheck, periodS: 0.2, timeoutS: 1 },
        })),
      }),
    };
  },
  { stepMs: 100, maxSteps: 200, testTimeoutMs: 40_000 },
);
