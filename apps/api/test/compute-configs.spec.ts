import { ApiHarness } from './harness';
import { aTenant, type Tenant } from './tenant-factory';

describe('compute configs are immutable versions', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withCloud('local').create();
  });
  afterAll(() => api.close());

  const gpu = (maxNodes: number) => ({
    name: 'gpu',
    cloud: 'local',
    head_node: { instance_type: 'm5.2xlarge' },
    worker_groups: [{ name: 'a10g', instance_type: 'g5.xlarge', gpu_type: 'A10G', gpu_count: 1, min_nodes: 0, max_nodes: maxNodes }],
  });

  it('writes version N+1 on each change and keeps every older version as it was', async () => {
    const v1 = await api.request('POST', '/v1/compute-configs', { token: t.tokens.ADMIN, body: gpu(2) });
    const v2 = await api.request('POST', '/v1/compute-configs', { token: t.tokens.ADMIN, body: gpu(8) });
    expect([v1.status, v1.body.version, v2.status, v2.body.version]).toEqual([201, 1, 201, 2]);

    const latest = await api.request('GET', '/v1/compute-configs/gpu', { token: t.tokens.VIEWER });
    expect(latest.body.version).toBe(2);
    expect(latest.body.worker_groups[0].max_nodes).toBe(8);
    const first = await api.request('GET', '/v1/compute-configs/gpu/versions/1', { token: t.tokens.VIEWER });
    expect(first.body).toEqual(v1.body);
    const versions = await api.request('GET', '/v1/compute-configs/gpu/versions', { token: t.tokens.VIEWER });
    expect(versions.body.data.map((v: any) => v.version)).toEqual([2, 1]);
    const list = await api.request('GET', '/v1/compute-configs', { token: t.tokens.VIEWER });
    expect(list.body.data.map((c: any) => [c.name, c.version])).toEqual([['gpu', 2]]);
  });

  it('gives concurrent writers distinct, consecutive versions', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => api.request('POST', '/v1/compute-configs', { token: t.tokens.ADMIN, body: { ...gpu(i + 1), name: 'race' } })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses inconsistent worker groups, naming the field', async () => {
    const res = await api.request('POST', '/v1/compute-configs', {
      token: t.tokens.ADMIN,
      body: { ...gpu(1), worker_groups: [{ name: 'g', instance_type: 'g5.xlarge', gpu_count: 1, max_nodes: 1 }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'body.worker_groups[0].gpu_type', message: 'gpu_type and gpu_count > 0 go together' }]);
  });
});
