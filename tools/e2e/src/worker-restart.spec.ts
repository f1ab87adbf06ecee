import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectCliSuccess } from './support/cli-runner';
import { LoadGenerator } from './support/load-generator';
import { until } from './support/poll';
import { examplePath, writeVariant } from './support/service-files';
import { Stack, type RolloutView } from './support/stack';
import { useStack } from './support/use-stack';

/**
 * Issue 5: the worker is SIGKILLed in the middle of a canary rollout (example 1 → example 2).
 * The replicas are detached processes recorded in Postgres: while no worker runs they keep
 * serving, and the restarted worker re-adopts exactly the same processes (same process groups,
 * counted in /proc) instead of starting more, then finishes the rollout. No request fails.
 */
describe('worker SIGKILLed mid-rollout on the local cloud', () => {
  let stack: Stack;
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-worker-'));

  useStack((started) => (stack = started));

  it('re-adopts the replicas (not one more process) and completes the rollout', async () => {
    const v1 = writeVariant(examplePath('1-hello-world'), { dir, file: 'v1.yaml', drainS: 1 });
    const first = JSON.parse(
      expectCliSuccess(
        await stack.cli(['service', 'deploy', '-f', v1, '--wait', '--timeout-s', '90', '--json']),
        'deploy v1',
      ).stdout,
    );
    const serviceId: string = first.service.id;
    const load = new LoadGenerator({
      url: stack.serviceUrl('service-demo'),
      token: first.query_token,
      concurrency: 4,
    }).start();

    // Never more processes than the two versions' replicas: sampled all along.
    const most = new Map<string, number>();
    const sampler = setInterval(() => {
      for (const [version, n] of stack.replicaCounts(serviceId))
        most.set(version, Math.max(most.get(version) ?? 0, n));
    }, 100);

    try {
      const v2 = writeVariant(examplePath('2-hello-chat'), {
        dir,
        file: 'v2.yaml',
        holdS: 3,
        drainS: 1,
      });
      const second = JSON.parse(
        expectCliSuccess(await stack.cli(['service', 'deploy', '-f', v2, '--json']), 'deploy v2')
          .stdout,
      );
      const rolloutPath = `/v1/projects/default/services/service-demo/rollouts/${second.rollout.id}`;
      const v2Id: string = second.version.id;
      await until(
        'the canary taking traffic',
        async () => {
          const rollout = await stack.expectOk<RolloutView>('GET', rolloutPath);
          return rollout.state === 'SHIFTING' && rollout.canary_weight >= 5 ? rollout : undefined;
        },
        { timeoutMs: 60_000 },
      );
      const before = stack.replicaProcesses(serviceId);
      expect(before.filter((r) => r.versionId === v2Id)).toHaveLength(2);
      expect(before).toHaveLength(4);

      await stack.worker.kill();
      const weightAtKill = (await stack.expectOk<RolloutView>('GET', rolloutPath)).canary_weight;
      // Without a worker the replicas keep running and the gateway keeps serving.
      const served = load.total;
      await until(
        'traffic while no worker runs',
        () => (load.total > served + 50 ? true : undefined),
        {
          timeoutMs: 30_000,
        },
      );
      expect(
        stack
          .replicaProcesses(serviceId)
          .map((r) => r.pgid)
          .sort(),
      ).toEqual(before.map((r) => r.pgid).sort());

      await stack.worker.start();
      // The restarted worker moves the rollout on: it has taken over the clusters...
      await until(
        'the rollout moving again',
        async () => {
          const rollout = await stack.expectOk<RolloutView>('GET', rolloutPath);
          return rollout.canary_weight > weightAtKill || rollout.state !== 'SHIFTING'
            ? true
            : undefined;
        },
        { timeoutMs: 60_000 },
      );
      // ...with the very processes that were running before the crash: adopted, not replaced.
      const after = stack.replicaProcesses(serviceId).filter((r) => r.versionId === v2Id);
      expect(after.map((r) => r.pgid).sort()).toEqual(
        before
          .filter((r) => r.versionId === v2Id)
          .map((r) => r.pgid)
          .sort(),
      );

      expectCliSuccess(
        await stack.cli(['service', 'wait', '-n', 'service-demo', '--timeout-s', '120']),
        'wait for the rollout',
      );
      const rollout = await stack.expectOk<RolloutView>('GET', rolloutPath);
      expect(rollout.state).toBe('SUCCEEDED');
      await until(
        'the old version stopped',
        () => {
          const counts = stack.replicaCounts(serviceId);
          return counts.size === 1 && counts.get(v2Id) === 2 ? true : undefined;
        },
        { timeoutMs: 60_000 },
      );
    } finally {
      clearInterval(sampler);
      await load.stop();
    }
    expect(Math.max(...most.values())).toBe(2);
    expect(most.size).toBe(2);
    expect(load.failures).toEqual([]);
    expect(load.versionsSeen.has('hello-world') && load.versionsSeen.has('hello-chat')).toBe(true);
  }, 300_000);
});
