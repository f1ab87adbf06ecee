import type { Role } from '@switchyard/contracts';
import type { ApiHarness } from './harness';
import { expectOk, type Tenant, tokenFor } from './tenant-factory';
import { serviceConfig, serviceWithCanaryRollout, uniqueServiceName } from './service-fixtures';
import { billingRows } from './billing/billing-rows';

export interface BuiltRequest {
  path: string;
  body?: unknown;
}

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++n}`;

/**
 * For every tenant-scoped route: a valid request on behalf of `role` in `tenant`, creating
 * whatever the request needs first (with the owner's token), so each cell of the permission
 * matrix is one independent, real HTTP call.
 */
export const routeRequests: Record<string, (api: ApiHarness, t: Tenant, role: Role) => Promise<BuiltRequest>> = {
  me: async () => ({ path: '/v1/me' }),
  getOrganization: async () => ({ path: '/v1/organization' }),
  updateOrganization: async () => ({ path: '/v1/organization', body: { name: unique('Renamed') } }),

  listMembers: async () => ({ path: '/v1/members' }),
  addMember: async () => ({ path: '/v1/members', body: { email: `${unique('new')}@example.test`, role: 'MEMBER' } }),
  changeMemberRole: async (api, t) => ({ path: `/v1/members/${await newMember(api, t)}`, body: { role: 'MEMBER' } }),
  removeMember: async (api, t) => ({ path: `/v1/members/${await newMember(api, t)}` }),

  listProjects: async () => ({ path: '/v1/projects' }),
  createProject: async () => ({ path: '/v1/projects', body: { name: unique('p') } }),
  getProject: async (_api, t) => ({ path: `/v1/projects/${t.projects[0]}` }),
  updateProject: async (_api, t) => ({ path: `/v1/projects/${t.projects[0]}`, body: { description: unique('d') } }),
  deleteProject: async (api, t) => {
    const name = unique('doomed');
    await expectOk(api.request('POST', '/v1/projects', { token: t.ownerToken, body: { name } }));
    return { path: `/v1/projects/${name}` };
  },

  listTokens: async () => ({ path: '/v1/tokens' }),
  createToken: async () => ({ path: '/v1/tokens', body: { name: unique('ci'), scopes: ['READ'] } }),
  revokeToken: async (api, t, role) => {
    // The caller's own token: revoking one's own is the least privilege this route grants.
    await tokenFor(api, t.ownerToken, t.userIds[role], ['READ']);
    const list = await expectOk(api.request('GET', '/v1/tokens?limit=100', { token: t.ownerToken }));
    const own = list.data.find((tok: any) => tok.user_id === t.userIds[role] && tok.revoked_at === null && tok.scopes.length === 1);
    return { path: `/v1/tokens/${own.id}` };
  },

  listClouds: async () => ({ path: '/v1/clouds' }),
  createCloud: async () => ({ path: '/v1/clouds', body: { name: unique('c'), provider: 'LOCAL' } }),
  getCloud: async (_api, t) => ({ path: `/v1/clouds/${t.clouds[0]}` }),
  updateCloud: async (_api, t) => ({ path: `/v1/clouds/${t.clouds[0]}`, body: { settings: {} } }),
  deleteCloud: async (api, t) => {
    const name = unique('gone');
    await expectOk(api.request('POST', '/v1/clouds', { token: t.ownerToken, body: { name, provider: 'LOCAL' } }));
    return { path: `/v1/clouds/${name}` };
  },

  listInstanceTypes: async () => ({ path: '/v1/instance-types?provider=AWS' }),
  listComputeConfigs: async () => ({ path: '/v1/compute-configs' }),
  createComputeConfig: async (_api, t) => ({
    path: '/v1/compute-configs',
    body: { name: t.computeConfigs[0], cloud: t.clouds[0], head_node: { instance_type: 'local' } },
  }),
  getComputeConfig: async (_api, t) => ({ path: `/v1/compute-configs/${t.computeConfigs[0]}` }),
  listComputeConfigVersions: async (_api, t) => ({ path: `/v1/compute-configs/${t.computeConfigs[0]}/versions` }),
  getComputeConfigVersion: async (_api, t) => ({ path: `/v1/compute-configs/${t.computeConfigs[0]}/versions/1` }),

  listAuditLog: async () => ({ path: '/v1/audit-log' }),

  getUsage: async () => ({ path: '/v1/organization/usage?from=2026-10-01&to=2026-11-01&group_by=service' }),
  listInvoices: async () => ({ path: '/v1/organization/invoices' }),
  getInvoice: async (api, t) => ({ path: `/v1/organization/invoices/${await invoiceOf(api, t)}` }),
  getQuotas: async () => ({ path: '/v1/organization/quotas' }),
  setQuotas: async () => ({ path: '/v1/organization/quotas', body: { max_gpus: 64, max_instances: null, monthly_budget_micros: null } }),

  getSession: async () => ({ path: '/v1/session' }),
  getServiceVersion: async (api, t) => {
    const name = uniqueServiceName();
    const deployed = await expectOk(
      api.request('POST', `/v1/projects/${t.projects[0]}/services/${name}/deploy`, { token: t.ownerToken, body: { config: serviceConfig(name, { cloud: t.clouds[0] }) } }),
    );
    return { path: `/v1/projects/${t.projects[0]}/services/${name}/versions/${deployed.version.name}` };
  },
  listInvites: async () => ({ path: '/v1/invites' }),
  createInvite: async () => ({ path: '/v1/invites', body: { email: `${unique('invitee')}@example.test`, role: 'MEMBER' } }),
  revokeInvite: async (api, t) => {
    const invite = await expectOk(
      api.request('POST', '/v1/invites', { token: t.ownerToken, body: { email: `${unique('revoked')}@example.test`, role: 'VIEWER' } }),
    );
    return { path: `/v1/invites/${invite.id}` };
  },

  deployService: async (_api, t) => {
    const name = uniqueServiceName();
    return { path: `/v1/projects/${t.projects[0]}/services/${name}/deploy`, body: { config: serviceConfig(name, { cloud: t.clouds[0] }) } };
  },
  listServices: async (_api, t) => ({ path: `/v1/projects/${t.projects[0]}/services` }),
  getService: async (api, t) => ({ path: `/v1/projects/${t.projects[0]}/services/${(await canaryOf(api, t)).name}` }),
  listRollouts: async (api, t) => ({ path: `/v1/projects/${t.projects[0]}/services/${(await canaryOf(api, t)).name}/rollouts` }),
  getRollout: async (api, t) => {
    const s = await canaryOf(api, t);
    return { path: `/v1/projects/${t.projects[0]}/services/${s.name}/rollouts/${s.rolloutId}` };
  },
  setCanaryPercent: async (api, t) => ({ path: `/v1/projects/${t.projects[0]}/services/${(await canaryOf(api, t)).name}/canary-percent`, body: { percent: 30 } }),
  rollbackService: async (api, t) => ({ path: `/v1/projects/${t.projects[0]}/services/${(await canaryOf(api, t)).name}/rollback`, body: {} }),
  terminateService: async (api, t) => {
    const name = uniqueServiceName();
    await expectOk(api.request('POST', `/v1/projects/${t.projects[0]}/services/${name}/deploy`, { token: t.ownerToken, body: { config: serviceConfig(name, { cloud: t.clouds[0] }) } }));
    return { path: `/v1/projects/${t.projects[0]}/services/${name}/terminate` };
  },
  getServiceLogs: async (api, t) => ({ path: `/v1/projects/${t.projects[0]}/services/${await freshService(api, t)}/logs?tail=10` }),
  getServiceTraffic: async (api, t) => ({ path: `/v1/projects/${t.projects[0]}/services/${await freshService(api, t)}/traffic?window_s=30` }),
  rotateQueryToken: async (api, t) => ({ path: `/v1/projects/${t.projects[0]}/services/${await freshService(api, t)}/query-token/rotate` }),
  finishQueryTokenRotation: async (api, t) => {
    const name = await freshService(api, t);
    await expectOk(api.request('POST', `/v1/projects/${t.projects[0]}/services/${name}/query-token/rotate`, { token: t.ownerToken }));
    return { path: `/v1/projects/${t.projects[0]}/services/${name}/query-token/finish-rotation` };
  },
};

/** A newly deployed service (query auth on, the default), deployed with the owner's token. */
async function freshService(api: ApiHarness, t: Tenant): Promise<string> {
  const name = uniqueServiceName();
  await expectOk(api.request('POST', `/v1/projects/${t.projects[0]}/services/${name}/deploy`, { token: t.ownerToken, body: { config: serviceConfig(name, { cloud: t.clouds[0] }) } }));
  return name;
}

const canaries = new Map<string, Promise<{ name: string; rolloutId: string }>>();
/** One service with an active canary rollout per tenant, made on first use. */
function canaryOf(api: ApiHarness, t: Tenant) {
  if (!canaries.has(t.orgId)) canaries.set(t.orgId, serviceWithCanaryRollout(api, t, t.projects[0]!));
  return canaries.get(t.orgId)!;
}

const invoices = new Map<string, Promise<string>>();
/** One closed invoice per tenant (the worker closes them; here it is written directly), made on first use. */
function invoiceOf(api: ApiHarness, t: Tenant): Promise<string> {
  if (!invoices.has(t.orgId))
    invoices.set(t.orgId, billingRows(api.db, t.orgId).invoice('2026-10', 'CLOSED').create().then((r) => r.invoices[0]!.id));
  return invoices.get(t.orgId)!;
}

async function newMember(api: ApiHarness, t: Tenant): Promise<string> {
  const member = await expectOk(
    api.request('POST', '/v1/members', { token: t.ownerToken, body: { email: `${unique('m')}@example.test`, role: 'VIEWER' } }),
  );
  return member.user_id;
}
