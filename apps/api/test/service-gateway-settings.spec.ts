import { ApiHarness } from './harness';
import { serviceConfig } from './service-fixtures';
import { aTenant, expectOk, type Tenant } from './tenant-factory';

/**
 * `request_timeout_s` and `sticky_versions` reach the gateway through the version's stored
 * config (the worker builds the routing entry from it: apps/worker/src/routing). Here: the API
 * validates them at the edge and stores them as deployed.
 */
describe('service config: gateway settings', () => {
  let api: ApiHarness;
  let t: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withProject('shop').withCloud('local').create();
  });
  afterAll(() => api.close());

  const deploy = (name: string, overrides: Record<string, unknown>) =>
    api.request('POST', `/v1/projects/shop/services/${name}/deploy`, {
      token: t.ownerToken,
      body: { config: serviceConfig(name, overrides) },
    });

  it('stores them with the version, as written', async () => {
    const deployed = await expectOk(
      deploy('sticky', { request_timeout_s: 45, sticky_versions: true }),
    );
    const version = await api.db.serviceVersion.findUniqueOrThrow({
      where: { id: deployed.version.id },
    });
    expect(version.config).toMatchObject({ request_timeout_s: 45, sticky_versions: true });
  });

  it.each([
    ['request_timeout_s', 0],
    ['request_timeout_s', 3601],
    ['request_timeout_s', '30'],
    ['sticky_versions', 'yes'],
  ])('refuses %s: %j with a 400 naming the field, and stores nothing', async (field, value) => {
    const before = await api.rowCounts();
    const res = await deploy('refused', { [field]: value });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      `body.config.${field}`,
    ]);
    expect(await api.rowCounts()).toEqual(before);
  });
});
