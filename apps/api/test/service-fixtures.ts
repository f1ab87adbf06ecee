import type { ApiHarness } from './harness';
import { expectOk, type Tenant } from './tenant-factory';

let n = 0;

/** A minimal valid service config (one application, one deployment). */
export function serviceConfig(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    cloud: 'local',
    applications: [{ name: 'app', route_prefix: '/', command: 'node server.js', deployments: [{ name: 'web', num_replicas: 2 }] }],
    ...overrides,
  };
}

export async function deployService(api: ApiHarness, t: Tenant, project: string, name: string, body: Record<string, unknown> = {}) {
  return expectOk(
    api.request('POST', `/v1/projects/${project}/services/${name}/deploy`, {
      token: t.ownerToken,
      body: { config: serviceConfig(name, { cloud: t.clouds[0] }), ...body },
    }),
  );
}

/**
 * A service whose first version is marked RUNNING directly in the database (no worker runs in
 * API tests), then updated: its second deploy is an active CANARY rollout, ready to take
 * canary-percent / rollback commands.
 */
export async function serviceWithCanaryRollout(api: ApiHarness, t: Tenant, project: string, name = `svc-${process.pid}-${++n}`) {
  const first = await deployService(api, t, project, name);
  await api.db.rollout.update({ where: { id: first.rollout.id }, data: { state: 'SUCCEEDED', finishedAt: new Date() } });
  await api.db.serviceVersion.update({ where: { id: first.version.id }, data: { state: 'RUNNING', currentWeight: 100, targetWeight: 100 } });
  await api.db.service.update({ where: { id: first.service.id }, data: { state: 'RUNNING' } });
  const second = await deployService(api, t, project, name, { config: serviceConfig(name, { version_name: 'v2', cloud: t.clouds[0] }) });
  return { name, serviceId: first.service.id as string, rolloutId: second.rollout.id as string };
}

export const uniqueServiceName = () => `svc-${process.pid}-${++n}`;
