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
 * Issue 5: autoscaling from the gateways' ongoing-request counts, end to end — the gateway
 * reports its in-flight requests per replica to Redis, the worker's local provider reads them
 * (GatewayLoadSource) and scales example 2's deployment. The reference's load pattern:
 * low → spike → low; replicas go up, then back down (draining first), and no request fails.
 */
describe('local autoscaling under a load step (low → spike → low)', () => {
  let stack: Stack;
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-autoscale-'));

  useStack((started) => (stack = started));

  it('scales up on the spike and back down after it, with zero failed requests', async () => {
    const file = writeVariant(examplePath('2-hello-chat'), {
      dir,
      file: 'chat.yaml',
      drainS: 1,
      deployment: {
        autoscaling_config: {
          min_replicas: 1,
          initial_replicas: 1,
          max_replicas: 4,
          target_ongoing_requests: 2,
          upscale_delay_s: 1,
          downscale_delay_s: 4,
        },
      },
    });
    const deployed = JSON.parse(
      expectCliSuccess(
        await stack.cli(['service', 'deploy', '-f', file, '--wait', '--timeout-s', '90', '--json']),
        'deploy',
      ).stdout,
    );
    const serviceId: string = deployed.service.id;
    const deployment = async () => {
      const d = (await stack.service('service-demo')).primary?.deployments[0];
      if (!d) throw new Error('no primary deployment');
      return d;
    };

    const load = new LoadGenerator({
      url: stack.serviceUrl('service-demo'),
      token: deployed.query_token,
      concurrency: 1,
      pauseMs: 100,
    }).start();
    const most = { replicas: 0 };
    const sampler = setInterval(() => {
      most.replicas = Math.max(most.replicas, stack.replicaProcesses(serviceId).length);
    }, 100);
    try {
      // Low: one caller, well under the target of 2 in flight per replica.
      load.mark('low');
      await until('low traffic', () => (load.total >= 30 ? true : undefined), {
        timeoutMs: 30_000,
      });
      expect((await deployment()).desired_replicas).toBe(1);
      expect(stack.replicaProcesses(serviceId)).toHaveLength(1);

      // Spike: 32 callers back to back.
      load.mark('spike');
      const spikeAt = Date.now();
      load.setLoad(32, 0);
      const decidedAt = await until(
        'the autoscaler asking for more replicas',
        async () => ((await deployment()).desired_replicas > 1 ? Date.now() : undefined),
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const readyAt = await until(
        'a second replica serving',
        async () => ((await deployment()).ready_replicas > 1 ? Date.now() : undefined),
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      recordFigure('scale_up_reaction_decision', decidedAt - spikeAt, 'ms', {
        upscale_delay_s: 1,
      });
      recordFigure('scale_up_reaction_ready', readyAt - spikeAt, 'ms', { upscale_delay_s: 1 });
      const peak = await until(
        'the spike served a while at the new size',
        async () => {
          const d = await deployment();
          return load.total > 2000 || Date.now() - readyAt > 8000 ? d.ready_replicas : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(peak).toBeGreaterThan(1);

      // Low again: back down to the minimum after the downscale delay, drained first.
      load.mark('low-again');
      load.setLoad(1, 100);
      const lowAt = Date.now();
      await until(
        'scaled back down to one replica process',
        async () =>
          (await deployment()).desired_replicas === 1 &&
          stack.replicaProcesses(serviceId).length === 1
            ? true
            : undefined,
        { timeoutMs: 90_000, intervalMs: 200 },
      );
      recordFigure('scale_down_after_load_drop', Date.now() - lowAt, 'ms', {
        downscale_delay_s: 4,
      });
      const served = load.total;
      await until(
        'traffic after the scale-down',
        () => (load.total > served + 20 ? true : undefined),
        {
          timeoutMs: 30_000,
        },
      );
    } finally {
      clearInterval(sampler);
      await load.stop();
    }
    expect(most.replicas).toBeGreaterThan(1);
    expect(load.failures).toEqual([]);
    for (const phase of ['low', 'spike', 'low-again'])
      expect(load.perPhase.get(phase)?.total).toBeGreaterThan(0);
  }, 300_000);
});
