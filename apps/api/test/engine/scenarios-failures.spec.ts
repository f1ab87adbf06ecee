import { app, fastRollout, useEngine, type EngineHarness } from './engine-harness';
import { firstVersion, holdsFor, routedWeights, sampleUntil, simCluster } from './scenarios-support';

/**
 * Failure handling end to end: a canary that fails to provision rolls back on its own; under
 * manual control (canary_percent) an unhealthy canary does NOT, until the operator says so.
 */
jest.setTimeout(90_000);
describe('scenarios: provisioning failure and manual control', () => {
  let h: EngineHarness;

  useEngine((started) => (h = started));

  it('canary provisioning fails (sim provision_fail) → automatic rollback: primary keeps all traffic, canary FAILED, service RUNNING', async () => {
    const first = await firstVersion(h, 'broken');
    const fault = 'provision_fail:sim zone us-sim-1a has no capacity left';
    const res = await h.deploy('broken', { applications: [app(2)], env_vars: { SWITCHYARD_SIM_FAULT: fault }, rollout: fastRollout });
    expect(res.status).toBe(202);
    const { rollout, weights } = await h.waitFor('broken', res.body.rollout.id, (r) => ['ROLLED_BACK', 'FAILED', 'SUCCEEDED'].includes(r.state));
    expect(rollout.state).toBe('ROLLED_BACK');
    // The reason says what happened and carries the cloud's own words.
    expect(rollout.reason).toMatch(/failed to start/);
    expect(rollout.reason).toContain('us-sim-1a has no capacity left');
    expect(rollout.events.map((e: any) => e.to_state)).toEqual(expect.arrayContaining(['PROVISIONING', 'ROLLING_BACK', 'ROLLED_BACK']));
    expect(rollout.events.map((e: any) => e.to_state)).not.toContain('SHIFTING');
    expect(weights).toEqual([0]); // the canary never had a request's worth of traffic

    const service = await h.service('broken');
    expect(service.state).toBe('RUNNING');
    expect(service.active_rollout_id).toBeNull();
    expect(service.canary).toBeNull();
    expect(service.primary).toEqual(expect.objectContaining({ name: 'v1', state: 'RUNNING', current_weight: 100, target_weight: 100 }));
    const v2 = await h.api.db.serviceVersion.findFirstOrThrow({ where: { service: { name: 'broken' }, name: 'v2' } });
    expect([v2.state, v2.currentWeight, v2.targetWeight]).toEqual(['FAILED', 0, 0]);
    // Gateways route everything to v1, and the failed cluster is gone from the cloud.
    await sampleUntil(() => routedWeights(h, 'broken'), (w) => JSON.stringify(w) === JSON.stringify({ 'v1/primary': 100 }), 10_000);
    const cluster = await simCluster(h, res.body.version.id);
    expect(cluster).toEqual(expect.objectContaining({ failed: true, terminated: true }));
    expect((await simCluster(h, first.version.id))?.terminated).toBe(false);
  });

  // Reference: "When you use manual rollouts, you must also use manual rollbacks. Setting
  // --canary-percent disables automatic rollback behavior."
  it('manual mode: an unhealthy canary at 30 % is not rolled back automatically (stays PAUSED well past the threshold); manual rollback then works', async () => {
    await firstVersion(h, 'handheld');
    // Healthy long enough to reach its split, then unhealthy for good. Threshold: 2 checks at the
    // harness's 0.2 s poll interval, so an automatic rollback would come within about 0.4 s.
    const res = await h.deploy(
      'handheld',
      { applications: [app(2)], env_vars: { SWITCHYARD_SIM_FAULT: 'unhealthy_after_ms:5000' }, rollout: { ...fastRollout, health_failure_threshold: 2 } },
      { canary_percent: 30 },
    );
    expect(res.status).toBe(202);
    const id = res.body.rollout.id;
    await h.waitFor('handheld', id, (r) => r.state === 'PAUSED' && r.canary_weight === 30, 20_000);
    // The engine saw the threshold crossed and said it is not acting on it.
    // (Polled every 200 ms: the token has 600 API requests a minute, see sampleUntil.)
    const rollout = await sampleUntil(() => h.rollout('handheld', id), (r) => r.events.some((e: any) => e.type === 'AUTO_ROLLBACK_SUPPRESSED'), 20_000, 200);
    const suppressed = rollout.events.find((e: any) => e.type === 'AUTO_ROLLBACK_SUPPRESSED');
    expect(suppressed).toBeDefined();
    expect(suppressed.reason).toMatch(/unhealthy for 2 consecutive checks: automatic rollback is off under manual control/);
    expect(rollout.events.filter((e: any) => e.type === 'HEALTH_CHECK_FAILED')).toHaveLength(1);

    // For 4 s more (ten times the threshold's 0.4 s): still paused at its split, canary shown unhealthy.
    const samples = await holdsFor(
      async () => [await h.rollout('handheld', id), await h.service('handheld')] as const,
      ([r, s]) => {
        expect([r.state, r.canary_weight]).toEqual(['PAUSED', 30]);
        expect(r.events.map((e: any) => e.to_state)).not.toContain('ROLLING_BACK');
        expect(s.state).toBe('ROLLING_OUT');
        expect([s.primary.name, s.primary.current_weight, s.canary.name, s.canary.current_weight]).toEqual(['v1', 70, 'v2', 30]);
        expect([s.canary.healthy, s.canary.state]).toEqual([false, 'UNHEALTHY']);
      },
      4_000,
    );
    expect(samples).toBeGreaterThan(5);
    expect(await routedWeights(h, 'handheld')).toEqual({ 'v1/primary': 70, 'v2/canary': 30 });

    expect((await h.command('handheld', 'rollback', {})).status).toBe(202);
    const done = await h.waitForState('handheld', id, 'ROLLED_BACK');
    expect(done.rollout.reason).toMatch(/manual rollback/);
    const service = await h.service('handheld');
    expect(service.state).toBe('RUNNING');
    expect(service.canary).toBeNull();
    expect(service.primary).toEqual(expect.objectContaining({ name: 'v1', current_weight: 100 }));
    await sampleUntil(() => routedWeights(h, 'handheld'), (w) => JSON.stringify(w) === JSON.stringify({ 'v1/primary': 100 }), 10_000);
    expect((await simCluster(h, res.body.version.id))?.terminated).toBe(true);
  });
});
