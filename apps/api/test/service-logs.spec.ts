import { replicaLogPath } from '@switchyard/cloud-providers';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiHarness } from './harness';
import { serviceConfig } from './service-fixtures';
import { aTenant, expectOk, type Tenant } from './tenant-factory';

describe('service logs (local clouds keep each replica’s stdout/stderr)', () => {
  let api: ApiHarness;
  let t: Tenant;
  const stateDir = mkdtempSync(path.join(tmpdir(), 'switchyard-logs-'));

  beforeAll(async () => {
    api = await ApiHarness.start({ LOCAL_PROVIDER_STATE_DIR: stateDir });
    t = await aTenant(api).withProject('shop').withCloud('local').create();
  });
  afterAll(async () => {
    await api.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('returns the last lines of each replica of the primary (or a named version); none yet → empty', async () => {
    const deployed = await expectOk(
      api.request('POST', '/v1/projects/shop/services/echo/deploy', {
        token: t.tokens.MEMBER,
        body: { config: serviceConfig('echo', { cloud: 'local' }) },
      }),
    );
    const get = (query: string) =>
      api.request('GET', `/v1/projects/shop/services/echo/logs${query}`, {
        token: t.tokens.MEMBER,
      });

    expect((await get('')).body).toEqual({ version: deployed.version.name, replicas: [] });

    // What the local provider writes (libs/cloud-providers/src/local/replica-logs.ts).
    const file = replicaLogPath(stateDir, deployed.service.id, deployed.version.id, 'r-1');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'starting\nlistening on 4711\nGET / 200\n');

    const res = await get(`?version=${deployed.version.name}&tail=2`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: deployed.version.name,
      replicas: [{ replica_id: 'r-1', lines: ['listening on 4711', 'GET / 200'] }],
    });
    expect((await get('?tail=0')).status).toBe(400);
    expect((await get('?replica=..%2F..%2Fetc')).status).toBe(400);
    expect((await get('?version=nope')).status).toBe(404);
    expect(
      (await api.request('GET', '/v1/projects/shop/services/echo/logs', { token: t.tokens.VIEWER }))
        .status,
    ).toBe(403);
  });
});
