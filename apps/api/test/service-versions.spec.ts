import { ApiHarness } from './harness';
import { serviceConfig } from './service-fixtures';
import { aTenant, expectOk, type Tenant } from './tenant-factory';

describe('GET …/services/{service}/versions/{version}: config as deployed, and who deployed it', () => {
  let api: ApiHarness;
  let t: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    api = await ApiHarness.start();
    t = await aTenant(api).withProject('web').withCloud('local').create();
    other = await aTenant(api).withProject('web').withCloud('local').create();
  });
  afterAll(() => api.close());

  it('answers the version’s config, its rollout and the deploying member', async () => {
    const config = serviceConfig('api', {
      cloud: 'local',
      version_name: 'first',
      env_vars: { MODE: 'a' },
    });
    const deployed = await expectOk(
      api.request('POST', '/v1/projects/web/services/api/deploy', {
        token: t.tokens.MEMBER,
        body: { config },
      }),
    );
    const res = await api.request('GET', '/v1/projects/web/services/api/versions/first', {
      token: t.tokens.VIEWER,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'first',
      rollout_id: deployed.rollout.id,
      deployed_by: { user_id: t.userIds.MEMBER, email: `member@${t.slug}.test` },
      config: { name: 'api', version_name: 'first', env_vars: { MODE: 'a' } },
    });
  });

  it('an unknown version is 404; another organization’s version is 404', async () => {
    expect(
      (
        await api.request('GET', '/v1/projects/web/services/api/versions/nope', {
          token: t.tokens.VIEWER,
        })
      ).status,
    ).toBe(404);
    const theirs = await api.request('GET', '/v1/projects/web/services/api/versions/first', {
      token: other.tokens.OWNER,
    });
    expect(theirs.status).toBe(404);
  });
});
