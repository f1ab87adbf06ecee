import { ApiHarness } from '../harness';
import { aTenant, expectOk, type Tenant } from '../tenant-factory';
import { billingRows } from './billing-rows';

/** A service on the simulated cloud with AWS-priced nodes: head m6i.large ($0.096/h), one g5.xlarge ($1.006/h) per GPU replica. */
function gpuService(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    cloud: 'sim',
    compute_config: {
      head_node: { instance_type: 'm6i.large' },
      worker_groups: [
        {
          name: 'gpu',
          instance_type: 'g5.xlarge',
          gpu_type: 'A10G',
          gpu_count: 1,
          min_nodes: 0,
          max_nodes: 8,
        },
      ],
    },
    applications: [
      {
        name: 'app',
        route_prefix: '/',
        command: 'node server.js',
        deployments: [{ name: 'model', num_replicas: 2, ray_actor_options: { num_gpus: 1 } }],
      },
    ],
    rollout: {
      schedule: [
        { percent: 50, hold_s: 60 },
        { percent: 100, hold_s: 0 },
      ],
      drain_s: 0,
    },
    ...extra,
  };
}
const HOURLY = 96_000 + 2 * 1_006_000; // head + two GPU nodes

describe('deploy: cost estimate, dry run and quotas', () => {
  let api: ApiHarness;
  let t: Tenant;
  const deploy = (
    service: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    api.request('POST', `/v1/projects/shop/services/${service}/deploy`, {
      token: t.tokens.MEMBER,
      body,
      headers,
    });
  const setQuotas = (body: Record<string, unknown>) =>
    expectOk(api.request('PUT', '/v1/organization/quotas', { token: t.ownerToken, body }));
  /** Marks a first deploy as done (no worker runs in API tests), so the next deploy is a canary rollout. */
  const markRunning = async (deployed: any) => {
    await api.db.rollout.update({
      where: { id: deployed.rollout.id },
      data: { state: 'SUCCEEDED', finishedAt: new Date() },
    });
    await api.db.serviceVersion.update({
      where: { id: deployed.version.id },
      data: { state: 'RUNNING', currentWeight: 100, targetWeight: 100 },
    });
    await api.db.service.update({ where: { id: deployed.service.id }, data: { state: 'RUNNING' } });
  };

  beforeAll(async () => {
    api = await ApiHarness.start({ SWITCHYARD_ENABLE_SIM_PROVIDER: 'true' });
    t = await aTenant(api).withProject('shop').create();
    await expectOk(
      api.request('POST', '/v1/clouds', {
        token: t.ownerToken,
        body: { name: 'sim', provider: 'SIM' },
      }),
    );
  });
  afterAll(() => api.close());

  it('a dry run answers the estimate and creates nothing', async () => {
    const before = await api.rowCounts();
    const res = await deploy('scorer', {
      config: gpuService('scorer'),
      options: { dry_run: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dry_run: true,
      query_token: null,
      rollout: { strategy: 'INITIAL' },
      cost_estimate: {
        steady_hourly_micros: HOURLY,
        steady_hourly_usd: '2.108000',
        // A first version overlaps nothing; the sim starts at once, the engine sees it healthy one poll (5 s) later.
        rollout_micros: 2928, // 2.108 $/h × 5 s = 2927.8 micros
        peak_instances: 3,
        peak_gpus: 2,
        unpriced_instance_types: [],
        price_catalog_date: '2025-01-01',
      },
      quota_warnings: [],
    });
    expect(await api.rowCounts()).toEqual(before);
    expect(
      (await api.request('GET', '/v1/projects/shop/services/scorer', { token: t.tokens.VIEWER }))
        .status,
    ).toBe(404);
  });

  it('refuses a rollout whose peak breaks a quota with 422 naming the quota, the limit and the peak', async () => {
    await setQuotas({ max_gpus: 3, max_instances: null, monthly_budget_micros: null });
    const first = await expectOk(deploy('ranker', { config: gpuService('ranker') }));
    expect(first.cost_estimate).toMatchObject({ peak_gpus: 2, steady_hourly_micros: HOURLY });
    await markRunning(first);

    // A full duplicate: 2 + 2 GPUs at the peak.
    const v2 = gpuService('ranker', { version_name: 'v2' });
    const dry = await deploy('ranker', { config: v2, options: { dry_run: true } });
    expect([dry.status, dry.body.error?.fields]).toEqual([
      422,
      [
        {
          path: 'quotas.max_gpus',
          message:
            'limit 3, peak 4: at its peak the organization would run 4 GPUs, over the limit of 3',
        },
      ],
    ]);
    const before = await api.rowCounts();
    const refused = await deploy('ranker', { config: v2 });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toEqual({
      code: 'unprocessable',
      message: "this rollout would exceed the organization's quotas: max_gpus",
      fields: [
        {
          path: 'quotas.max_gpus',
          message:
            'limit 3, peak 4: at its peak the organization would run 4 GPUs, over the limit of 3',
        },
      ],
    });
    expect(await api.rowCounts()).toEqual(before);

    // With max surge 50 % the canary starts at one replica and the primary is trimmed as it grows: 3 GPUs at most.
    const surge = await deploy('ranker', {
      config: v2,
      options: { max_surge_percent: 50, dry_run: true },
    });
    expect(surge.status).toBe(200);
    expect(surge.body.cost_estimate).toMatchObject({ peak_gpus: 3, peak_instances: 5 });
    const maxInstances = await setQuotas({ max_gpus: 3, max_instances: 4 });
    expect(maxInstances.max_instances).toBe(4);
    const tooMany = await deploy('ranker', { config: v2, options: { max_surge_percent: 50 } });
    expect([tooMany.status, tooMany.body.error.fields.map((f: any) => f.path)]).toEqual([
      422,
      ['quotas.max_instances'],
    ]);
    await setQuotas({ max_gpus: 3, max_instances: 5 });
    const started = await deploy('ranker', { config: v2, options: { max_surge_percent: 50 } });
    expect([started.status, started.body.dry_run, started.body.rollout.strategy]).toEqual([
      202,
      false,
      'CANARY',
    ]);
  });

  it('prices the rollout over its schedule; a soft budget warns, a hard one refuses', async () => {
    await setQuotas({});
    const key = { 'Idempotency-Key': 'embedder-ci-1' };
    const first = await expectOk(deploy('embedder', { config: gpuService('embedder') }, key));
    await markRunning(first);
    const v2 = gpuService('embedder', { version_name: 'v2' });
    // A dry run under a key a deploy used is neither a replay nor a key conflict.
    const estimate = await expectOk(
      deploy('embedder', { config: v2, options: { dry_run: true } }, key),
    );
    expect([estimate.dry_run, estimate.rollout.strategy]).toEqual([true, 'CANARY']);
    // Both versions at full capacity ($4.216/h) for one poll (5 s: 5855.6 → 5856) and the 60 s hold (70_266.7 → 70_267).
    expect(estimate.cost_estimate).toMatchObject({
      rollout_micros: 76_123,
      rollout_usd: '0.076123',
      rollout_duration_s: 65,
      peak_gpus: 4,
    });

    // $10 already spent this month (the harness's clock: 2026-11-22).
    const shop = await api.db.project.findFirstOrThrow({ where: { orgId: t.orgId, name: 'shop' } });
    await billingRows(api.db, t.orgId)
      .usage({
        projectId: shop.id,
        serviceId: first.service.id,
        instanceType: 'g5.xlarge',
        day: '2026-11-21',
        seconds: 35_785,
        costMicros: 10_000_000,
      })
      .create();
    await setQuotas({ monthly_budget_micros: 10_050_000, budget_enforcement: 'SOFT' });
    const warned = await expectOk(deploy('embedder', { config: v2, options: { dry_run: true } }));
    expect(warned.quota_warnings).toEqual([
      {
        quota: 'monthly_budget',
        limit: 10_050_000,
        projected: 10_076_123,
        message:
          'month-to-date spend + this rollout would be $10.076123, over the soft monthly budget of $10.050000',
      },
    ]);

    await setQuotas({ monthly_budget_micros: 10_050_000, budget_enforcement: 'HARD' });
    const refused = await deploy('embedder', { config: v2 });
    expect([refused.status, refused.body.error.fields]).toEqual([
      422,
      [
        {
          path: 'quotas.monthly_budget',
          message:
            'limit 10050000 micros, projected 10076123 micros: month-to-date spend + this rollout would be $10.076123, over the hard monthly budget of $10.050000',
        },
      ],
    ]);
    await setQuotas({ monthly_budget_micros: 10_080_000, budget_enforcement: 'HARD' });
    expect((await deploy('embedder', { config: v2 })).status).toBe(202);
  });
});
