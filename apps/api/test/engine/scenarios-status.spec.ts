import { expectOk } from '../tenant-factory';
import { app, useEngine, type EngineHarness } from './engine-harness';
import { firstVersion, routedWeights, sampleUntil, simCluster } from './scenarios-support';

/**
 * What the API shows and refuses: in-place refusals change nothing, and the service status
 * during a first deploy, a canary rollout and a termination.
 */
jest.setTimeout(90_000);
describe('scenarios: in-place refusals and service status', () => {
  let h: EngineHarness;

  useEngine((started) => (h = started));
  beforeAll(async () => {
    // A second cloud and a stored compute config, so that "changed cloud / compute config"
    // are valid deploys that only the in-place rule refuses.
    await expectOk(h.api.request('POST', '/v1/clouds', { token: h.tenant.ownerToken, body: { name: 'sim-b', provider: 'SIM' } }));
    await expectOk(h.api.request('POST', '/v1/compute-configs', { token: h.tenant.ownerToken, body: { name: 'cpu', cloud: 'sim', head_node: { instance_type: 'sim-head' }, worker_groups: [] } }));
  });

  /** What a refused deploy must leave as it was. */
  const everythingOf = async (name: string) => ({
    service: await h.service(name),
    rollouts: await h.api.db.rollout.count({ where: { service: { name } } }),
    versions: await h.api.db.serviceVersion.count({ where: { service: { name } } }),
    audit: await h.api.db.auditLog.count({ where: { action: 'service.deploy' } }),
    routed: await routedWeights(h, name),
    clusters: await h.api.db.cluster.count({ where: { version: { service: { name } } } }),
  });

  describe('in place is refused, naming the reason, and nothing changes', () => {
    // Each case is otherwise a valid lightweight in-place change (2 → 3 replicas).
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string, RegExp][] = [
      ['a changed cloud', { cloud: 'sim-b' }, {}, 'body.config.cloud', /cloud cannot change in an in-place update/],
      ['a changed compute_config', { compute_config: 'cpu' }, {}, 'body.config.compute_config', /compute_config cannot change in an in-place update/],
      ['canary_percent', {}, { canary_percent: 50 }, 'body.options.canary_percent', /canary_percent cannot be combined with --in-place/],
      ['max_surge_percent', {}, { max_surge_percent: 25 }, 'body.options.max_surge_percent', /max_surge_percent cannot be combined with --in-place/],
    ];
    it.each(cases)('with %s', async (_what, config, options, path, message) => {
      const name = `rigid-${Object.keys({ ...config, ...options })[0]!.replace(/_/g, '-')}`;
      await firstVersion(h, name);
      const before = await everythingOf(name);
      const res = await h.deploy(name, { applications: [app(3)], ...config }, { in_place: true, ...options });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toMatch(/cannot be applied in place/);
      expect(res.body.error.fields).toEqual([{ path, message: expect.stringMatching(message) }]);
      expect(await everythingOf(name)).toEqual(before);
    });
  });

  it('status: STARTING during a first deploy; ROLLING_OUT with both versions side by side while SHIFTING; TERMINATING then TERMINATED', async () => {
    // First deploy, replicas slow to start so that the STARTING window is wide.
    const slow = { applications: [app(2)], env_vars: { SWITCHYARD_SIM_FAULT: 'slow_start_ms:2500' } };
    const res1 = await h.deploy('watch', { ...slow, rollout: { drain_s: 0 } });
    expect(res1.status).toBe(202);
    expect(res1.body.service.state).toBe('STARTING');
    await h.waitFor('watch', res1.body.rollout.id, (r) => r.state === 'WAITING_HEALTHY', 20_000);
    const starting = await h.service('watch');
    expect(starting.state).toBe('STARTING');
    expect(starting.primary).toEqual(expect.objectContaining({ name: 'v1', state: 'STARTING', current_weight: 0 }));
    expect(starting.canary).toBeNull();
    expect(starting.active_rollout_id).toBe(res1.body.rollout.id);
    await h.waitForState('watch', res1.body.rollout.id, 'SUCCEEDED', 30_000);
    const running = await h.service('watch');
    expect(running.state).toBe('RUNNING');
    expect(running.query_url).toBe('http://watch--shop.localhost/');

    // Update held at 30 % for a minute: status is read during that hold.
    const res2 = await h.deploy('watch', { applications: [app(3)], rollout: { schedule: [{ percent: 30, hold_s: 60 }, { percent: 100, hold_s: 0 }], drain_s: 0 } });
    expect(res2.status).toBe(202);
    await h.waitFor('watch', res2.body.rollout.id, (r) => r.state === 'SHIFTING' && r.canary_weight === 30, 20_000);
    // The worker writes observed replicas on its next tick: wait for the canary's 3 to show.
    const shifting = await sampleUntil(() => h.service('watch'), (s) => s.canary?.deployments?.[0]?.ready_replicas === 3, 10_000);
    expect(shifting).toEqual(
      expect.objectContaining({
        state: 'ROLLING_OUT',
        active_rollout_id: res2.body.rollout.id,
        query_url: running.query_url, // one stable URL across versions
        primary: expect.objectContaining({
          name: 'v1',
          state: 'RUNNING',
          healthy: true,
          target_weight: 70,
          current_weight: 70,
          deployments: [{ application: 'app', deployment: 'web', desired_replicas: 2, ready_replicas: 2 }],
        }),
        canary: expect.objectContaining({
          name: 'v2',
          state: 'RUNNING',
          healthy: true,
          target_weight: 30,
          current_weight: 30,
          deployments: [{ application: 'app', deployment: 'web', desired_replicas: 3, ready_replicas: 3 }],
        }),
      }),
    );
    expect(await routedWeights(h, 'watch')).toEqual({ 'v1/primary': 70, 'v2/canary': 30 });
    // Finish it (manual 100 %) so the terminate below has no rollout to cancel.
    expect((await h.command('watch', 'canary-percent', { percent: 100 })).status).toBe(202);
    await h.waitForState('watch', res2.body.rollout.id, 'SUCCEEDED', 20_000);
    expect((await h.service('watch')).state).toBe('RUNNING');

    // Terminate: the answer already shows TERMINATING; the worker then makes it TERMINATED.
    const term = await h.command('watch', 'terminate');
    expect(term.status).toBe(202);
    expect(term.body.state).toBe('TERMINATING');
    const states: string[] = [term.body.state];
    const gone = await sampleUntil(
      async () => {
        const s = await h.service('watch');
        if (states[states.length - 1] !== s.state) states.push(s.state);
        return s;
      },
      (s) => s.state === 'TERMINATED',
      20_000,
    );
    expect(states).toEqual(['TERMINATING', 'TERMINATED']);
    expect(gone.active_rollout_id).toBeNull();
    expect(gone.canary).toBeNull();
    expect(gone.primary).toEqual(expect.objectContaining({ name: 'v2', state: 'TERMINATED', current_weight: 0, target_weight: 0 }));
    expect((await simCluster(h, res2.body.version.id))?.terminated).toBe(true);
    // …and gateways stop routing it (its entry is removed from the table).
    await sampleUntil(() => routedWeights(h, 'watch'), (w) => w === null, 10_000);
  });
});
