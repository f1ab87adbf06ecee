import { expectOk } from '../tenant-factory';
import { app, fastRollout, useEngine, type EngineHarness } from './engine-harness';
import { firstVersion } from './scenarios-support';

/**
 * The in-place rule (DESIGN: refused if cloud, image or compute config change) judges what the
 * config resolves to, not its text (`asResolved` in apps/api/src/services/deploy.service.ts):
 *  - `compute_config: cpu` after `cpu` got a new version is a compute config change: refused
 *    (it used to be accepted, leaving the new version recorded on cpu v2 while its reused
 *    cluster kept cpu v1's shape);
 *  - naming the cloud a first deploy got by default (the org's only cloud) is no cloud change:
 *    accepted (it used to be refused as "cloud cannot change").
 */
jest.setTimeout(90_000);
describe('scenarios: the in-place rule on the resolved cloud and compute config', () => {
  let h: EngineHarness;

  useEngine((started) => (h = started));

  it('in place is refused when the named compute config now resolves to a newer version', async () => {
    const cpu = (maxNodes: number) => ({ name: 'cpu', cloud: 'sim', head_node: { instance_type: 'sim-head' }, worker_groups: [{ name: 'w', instance_type: 'sim-standard', min_nodes: 0, max_nodes: maxNodes }] });
    await expectOk(h.api.request('POST', '/v1/compute-configs', { token: h.tenant.ownerToken, body: cpu(2) }));
    await firstVersion(h, 'recompute', { applications: [app(2)], compute_config: 'cpu' });
    await expectOk(h.api.request('POST', '/v1/compute-configs', { token: h.tenant.ownerToken, body: cpu(9) })); // cpu v2
    const res = await h.deploy('recompute', { applications: [app(3)], compute_config: 'cpu', rollout: fastRollout }, { in_place: true });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'body.config.compute_config' })]);
    // Pinned to the version the primary runs on, the same change is an in-place update.
    const pinned = await h.deploy('recompute', { applications: [app(3)], compute_config: 'cpu:1', rollout: fastRollout }, { in_place: true });
    expect(pinned.status).toBe(202);
    expect(pinned.body.rollout.strategy).toBe('IN_PLACE');
    await h.waitForState('recompute', pinned.body.rollout.id, 'SUCCEEDED');
  });

  it('naming the same cloud the first deploy defaulted to is not a cloud change (in place accepted)', async () => {
    // First deploy without `cloud`: the organization's only cloud, "sim", is used.
    const body = { config: { name: 'samecloud', applications: [app(2)], rollout: fastRollout }, options: {} };
    const first = await h.api.request('POST', '/v1/projects/shop/services/samecloud/deploy', { token: h.tenant.tokens.MEMBER, body });
    expect(first.status).toBe(202);
    await h.waitForState('samecloud', first.body.rollout.id, 'SUCCEEDED');
    const res = await h.deploy('samecloud', { applications: [app(3)], rollout: fastRollout }, { in_place: true }); // cloud: 'sim'
    expect(res.status).toBe(202);
    expect(res.body.rollout.strategy).toBe('IN_PLACE');
    await h.waitForState('samecloud', res.body.rollout.id, 'SUCCEEDED');
  });
});
