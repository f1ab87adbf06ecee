import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectCliSuccess } from './support/cli-runner';
import { recordFigure } from './support/figures';
import { LoadGenerator } from './support/load-generator';
import { until } from './support/poll';
import { examplePath, writeVariant } from './support/service-files';
import { Stack } from './support/stack';
import { useStack } from './support/use-stack';

/**
 * Issue 5, first proofs, with the real processes: the CLI deploys examples/1-hello-world onto
 * the local cloud → two replica processes start → they pass their health checks → traffic
 * through the gateway reaches both. Then a replica is SIGKILLed under load: the provider
 * restarts it and no request fails (the gateway retries the ones it lost on the other replica).
 */
describe('local cloud end to end: deploy, traffic, a killed replica', () => {
  let stack: Stack;
  let queryToken: string;
  let serviceId: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-deploy-'));

  useStack((started) => (stack = started));

  it('deploys example 1 with the CLI; both replicas become healthy and answer through the gateway', async () => {
    const file = writeVariant(examplePath('1-hello-world'), { dir, file: 'hello.yaml', drainS: 1 });
    const deployedAt = Date.now();
    const deploy = expectCliSuccess(
      await stack.cli(['service', 'deploy', '-f', file, '--json']),
      'deploy',
    );
    const result = JSON.parse(deploy.stdout);
    queryToken = result.query_token;
    serviceId = result.service.id;
    expect(queryToken).toEqual(expect.any(String));

    const firstHealthy = await until(
      'a ready replica',
      async () => {
        const service = await stack.service('service-demo');
        const ready = service.primary?.deployments?.[0]?.ready_replicas ?? 0;
        return ready >= 1 ? Date.now() : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    recordFigure('deploy_to_first_healthy_replica', firstHealthy - deployedAt, 'ms', {
      example: '1-hello-world',
    });
    expectCliSuccess(
      await stack.cli(['service', 'wait', '-n', 'service-demo', '--timeout-s', '90']),
      'wait',
    );
    expect(stack.replicaProcesses(serviceId).length).toBe(2);

    const load = new LoadGenerator({
      url: stack.serviceUrl('service-demo'),
      token: queryToken,
      concurrency: 4,
    }).start();
    const replicas = new Set<string>();
    load.onOutcome((o) => o.replica && replicas.add(o.replica));
    await until(
      'answers from both replicas',
      () => (replicas.size >= 2 && load.total >= 20 ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.total).toBeGreaterThanOrEqual(20);
    expect([...load.versionsSeen.keys()]).toEqual(['hello-world']);

    const anonymous = await fetch(stack.serviceUrl('service-demo'));
    expect(anonymous.status).toBe(401);
  }, 180_000);

  it('restarts a SIGKILLed replica under load, with zero failed requests', async () => {
    expect(stack.replicaProcesses(serviceId)).toHaveLength(2);
    const load = new LoadGenerator({
      url: stack.serviceUrl('service-demo'),
      token: queryToken,
      concurrency: 8,
    }).start();
    await until('traffic flowing', () => (load.total > 50 ? true : undefined), {
      timeoutMs: 20_000,
    });

    const victimGroup = stack.replicaProcesses(serviceId)[0]!.pgid;
    const killedAt = Date.now();
    process.kill(-victimGroup, 'SIGKILL');

    const restarted = await until(
      'the replica restarted and serving',
      async () => {
        const groups = stack.replicaProcesses(serviceId).map((r) => r.pgid);
        if (groups.length !== 2 || groups.includes(victimGroup)) return undefined;
        const service = await stack.service('service-demo');
        return service.primary?.deployments?.[0]?.ready_replicas === 2 ? Date.now() : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    recordFigure('replica_sigkill_to_ready_again', restarted - killedAt, 'ms');
    // Keep the load on a little longer: the new replica takes traffic too.
    const served = load.total;
    await until(
      'more traffic after the restart',
      () => (load.total > served + 100 ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.total).toBeGreaterThan(150);
  }, 180_000);
});
