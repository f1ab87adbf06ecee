import { ApiHarness } from '../harness';
import { aTenant, expectOk, type Tenant } from '../tenant-factory';
import { billingRows } from './billing-rows';
import { serviceConfig } from '../service-fixtures';

/**
 * Usage, invoices and quotas over HTTP, from usage rows as the worker's metering writes them
 * (metering itself: apps/worker/test/billing; end to end: billing-rollout.spec.ts).
 */
describe('billing API', () => {
  let api: ApiHarness;
  let t: Tenant;
  let ids: { web: string; batch: string; checkout: string; trainer: string };

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withProject('web').withProject('batch').withCloud('local').create();
    for (const [project, service] of [
      ['web', 'checkout'],
      ['batch', 'trainer'],
    ] as const) {
      await expectOk(
        api.request('POST', `/v1/projects/${project}/services/${service}/deploy`, {
          token: t.ownerToken,
          body: { config: serviceConfig(service, { cloud: 'local' }) },
        }),
      );
    }
    const projects = await api.db.project.findMany({ where: { orgId: t.orgId } });
    const services = await api.db.service.findMany({ where: { orgId: t.orgId } });
    const id = (rows: { id: string; name: string }[], name: string) =>
      rows.find((r) => r.name === name)!.id;
    ids = {
      web: id(projects, 'web'),
      batch: id(projects, 'batch'),
      checkout: id(services, 'checkout'),
      trainer: id(services, 'trainer'),
    };
    const checkout = { projectId: ids.web, serviceId: ids.checkout };
    const trainer = { projectId: ids.batch, serviceId: ids.trainer };
    await billingRows(api.db, t.orgId)
      // 2 h of g5.xlarge ($1.006/h) on Oct 31 and 2.5 h on Nov 1: one node across a month boundary.
      .usage({
        ...checkout,
        instanceType: 'g5.xlarge',
        gpuType: 'A10G',
        gpuCount: 1,
        day: '2026-10-31',
        seconds: 7200,
        costMicros: 2_012_000,
      })
      .usage({
        ...checkout,
        instanceType: 'g5.xlarge',
        gpuType: 'A10G',
        gpuCount: 1,
        day: '2026-11-01',
        seconds: 9000,
        costMicros: 2_515_000,
      })
      .usage({
        ...checkout,
        instanceType: 'm6i.large',
        day: '2026-11-01',
        seconds: 3600,
        costMicros: 96_000,
      })
      // 1000 s of n1-standard-4 + 2 T4 ($0.89/h) = 247_222.2 → 247_222 micros.
      .usage({
        ...trainer,
        instanceType: 'n1-standard-4',
        gpuType: 'T4',
        gpuCount: 2,
        day: '2026-11-02',
        seconds: 1000,
        costMicros: 247_222,
      })
      .invoice('2026-10', 'CLOSED')
      .invoice('2026-11', 'OPEN')
      .create();
  });
  afterAll(() => api.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    api.request('GET', path, { token: t.tokens.ADMIN, headers });

  it('reports usage for a period grouped by project, service or instance type, exact to the micro', async () => {
    const byProject = await expectOk(get('/v1/organization/usage?from=2026-11-01&to=2026-12-01'));
    expect(byProject).toEqual({
      from: '2026-11-01',
      to: '2026-12-01',
      group_by: 'project',
      groups: [
        {
          key: ids.web,
          name: 'web',
          seconds: 12_600,
          cost_micros: 2_611_000,
          cost_usd: '2.611000',
        },
        {
          key: ids.batch,
          name: 'batch',
          seconds: 1000,
          cost_micros: 247_222,
          cost_usd: '0.247222',
        },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
      total_seconds: 13_600,
      total_cost_micros: 2_858_222,
      total_cost_usd: '2.858222',
    });

    const byService = await expectOk(
      get('/v1/organization/usage?from=2026-10-31&to=2026-11-02&group_by=service'),
    );
    expect(byService.groups).toEqual([
      {
        key: ids.checkout,
        name: 'checkout',
        seconds: 19_800,
        cost_micros: 4_623_000,
        cost_usd: '4.623000',
      },
    ]);

    const byType = await expectOk(
      get('/v1/organization/usage?from=2026-10-01&to=2026-12-01&group_by=instance_type'),
    );
    expect(byType.groups.map((g: any) => [g.key, g.seconds, g.cost_usd])).toEqual([
      ['g5.xlarge', 16_200, '4.527000'],
      ['m6i.large', 3600, '0.096000'],
      ['n1-standard-4', 1000, '0.247222'],
    ]);
  });

  it('answers CSV with format=csv or Accept: text/csv, named for a reader', async () => {
    const expected =
      'instance_type,seconds,hours,cost_usd\ng5.xlarge,16200,4.500000,4.527000\nm6i.large,3600,1.000000,0.096000\nn1-standard-4,1000,0.277778,0.247222\n';
    const byFormat = await get(
      '/v1/organization/usage?from=2026-10-01&to=2026-12-01&group_by=instance_type&format=csv',
    );
    expect(byFormat.status).toBe(200);
    expect(byFormat.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byFormat.text).toBe(expected);

    const byAccept = await get(
      '/v1/organization/usage?from=2026-11-01&to=2026-12-01&group_by=service',
      { accept: 'text/csv' },
    );
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byAccept.text.split('\n').slice(0, 1)).toEqual(['service,seconds,hours,cost_usd']);
    expect(byAccept.text).toContain('checkout,12600,3.500000,2.611000');
    expect(byAccept.text).toContain('trainer,1000,0.277778,0.247222');
  });

  it('refuses a bad period, naming the field', async () => {
    const grouping = await get('/v1/organization/usage?group_by=region');
    expect([grouping.status, grouping.body.error.fields.map((f: any) => f.path)]).toEqual([
      400,
      ['query.group_by'],
    ]);
    const period = await get('/v1/organization/usage?from=2026-11-02&to=2026-11-01');
    expect([period.status, period.body.error.fields]).toEqual([
      400,
      [{ path: 'query.to', message: 'must be after `from`' }],
    ]);
  });

  it('lists invoices newest first and shows one with its lines, totals rounded once to the cent', async () => {
    const list = await expectOk(get('/v1/organization/invoices'));
    expect(
      list.data.map((i: any) => [i.month, i.status, i.subtotal_micros, i.total_cents, i.total_usd]),
    ).toEqual([
      ['2026-11', 'OPEN', 2_858_222, 286, '2.86'],
      ['2026-10', 'CLOSED', 2_012_000, 201, '2.01'],
    ]);
    const paged = await expectOk(get('/v1/organization/invoices?limit=1'));
    const next = await expectOk(
      get(`/v1/organization/invoices?limit=1&cursor=${paged.next_cursor}`),
    );
    expect([paged.data[0].month, next.data[0].month, next.next_cursor]).toEqual([
      '2026-11',
      '2026-10',
      null,
    ]);

    const november = await expectOk(get(`/v1/organization/invoices/${list.data[0].id}`));
    expect(november.lines).toEqual([
      expect.objectContaining({
        project: 'web',
        service: 'checkout',
        instance_type: 'g5.xlarge',
        gpu_type: 'A10G',
        gpu_count: 1,
        seconds: 9000,
        amount_micros: 2_515_000,
        amount_usd: '2.515000',
      }),
      expect.objectContaining({
        project: 'web',
        service: 'checkout',
        instance_type: 'm6i.large',
        seconds: 3600,
        amount_micros: 96_000,
      }),
      expect.objectContaining({
        project: 'batch',
        service: 'trainer',
        instance_type: 'n1-standard-4',
        gpu_count: 2,
        seconds: 1000,
        amount_micros: 247_222,
      }),
    ]); // sorted by project, service, instance type (ids are UUIDv7: web and checkout first)
    expect(november.lines.reduce((n: number, l: any) => n + l.amount_micros, 0)).toBe(
      november.subtotal_micros,
    );

    const missing = await get('/v1/organization/invoices/01a20131-5878-70db-b306-b006a98b14c1');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  });

  it('quotas: none by default; owners replace them (audited); bad values name the field', async () => {
    expect(await expectOk(get('/v1/organization/quotas'))).toEqual({
      max_gpus: null,
      max_instances: null,
      monthly_budget_micros: null,
      monthly_budget_usd: null,
      budget_enforcement: 'SOFT',
      updated_at: null,
    });
    const set = await expectOk(
      api.request('PUT', '/v1/organization/quotas', {
        token: t.ownerToken,
        body: {
          max_gpus: 8,
          max_instances: 20,
          monthly_budget_micros: 500_000_000,
          budget_enforcement: 'HARD',
        },
      }),
    );
    expect(set).toMatchObject({
      max_gpus: 8,
      max_instances: 20,
      monthly_budget_micros: 500_000_000,
      monthly_budget_usd: '500.000000',
      budget_enforcement: 'HARD',
    });
    expect(await expectOk(get('/v1/organization/quotas'))).toEqual(set);
    const audit = await api.db.auditLog.findFirst({
      where: { orgId: t.orgId, action: 'quota.update' },
    });
    expect(audit?.details).toMatchObject({
      from: { max_gpus: null },
      to: { max_gpus: 8, budget_enforcement: 'HARD' },
    });

    const bad = await api.request('PUT', '/v1/organization/quotas', {
      token: t.ownerToken,
      body: { max_gpus: -1, monthly_budget_micros: 1.5, budget_enforcement: 'STRICT' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual([
      'body.budget_enforcement',
      'body.max_gpus',
      'body.monthly_budget_micros',
    ]);
    expect(await expectOk(get('/v1/organization/quotas'))).toEqual(set);
  });
});
