import { z } from 'zod';
import { defineRoute } from './route';
import { pageOf, pageQuery } from './resources/common';
import {
  addMemberBody,
  changeMemberRoleBody,
  createOrganizationBody,
  memberParams,
  memberSchema,
  meSchema,
  organizationSchema,
  updateOrganizationBody,
  userSchema,
} from './resources/organization';
import { createProjectBody, projectParams, projectSchema, updateProjectBody } from './resources/project';
import { apiTokenSchema, createdApiTokenSchema, createTokenBody, tokenParams } from './resources/token';
import { cloudParams, cloudSchema, createCloudBody, updateCloudBody } from './resources/cloud';
import {
  computeConfigParams,
  computeConfigSchema,
  computeConfigVersionParams,
  createComputeConfigBody,
  instanceTypeListSchema,
  instanceTypesQuery,
} from './resources/compute-config';
import { auditEntrySchema } from './resources/audit';
import {
  acceptInviteBody,
  createdInviteSchema,
  createInviteBody,
  inviteParams,
  invitePreviewSchema,
  inviteSchema,
  inviteTokenBody,
  sessionSchema,
  signInBody,
} from './resources/session';
import { serviceVersionDetailSchema, serviceVersionParams } from './resources/service-version';
import {
  canaryPercentBody,
  commandAcceptedSchema,
  deployBody,
  deployResponseSchema,
  queryTokenRotationSchema,
  rollbackBody,
  rolloutDetailSchema,
  rolloutParams,
  rolloutSchema,
  serviceListQuery,
  serviceParams,
  serviceLogsQuery,
  serviceLogsSchema,
  serviceSchema,
} from './resources/service';
import { projectParams as projectOnlyParams } from './resources/project';
import {
  invoiceDetailSchema,
  invoiceParams,
  invoiceSchema,
  quotasSchema,
  setQuotasBody,
  usageQuery,
  usageReportSchema,
} from './resources/billing';
import { serviceTrafficQuery, serviceTrafficSchema } from './resources/traffic';

const healthSchema = z.object({ status: z.literal('ok') });
const readinessSchema = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional(), ms: z.number() })),
});

/** Every route of the REST API, grouped by resource. */
export const routes = {
  health: defineRoute({
    id: 'health', method: 'GET', path: '/healthz', tag: 'ops', access: 'public',
    summary: 'Liveness: the process is up.', status: 200, response: healthSchema,
  }),
  readiness: defineRoute({
    id: 'readiness', method: 'GET', path: '/readyz', tag: 'ops', access: 'public',
    summary: 'Readiness: Postgres and Redis are reachable (503 otherwise).', status: 200, response: readinessSchema,
  }),

  createOrganization: defineRoute({
    id: 'createOrganization', method: 'POST', path: '/v1/admin/organizations', tag: 'platform', access: 'platform-admin',
    summary: 'Create an organization with its owner and the owner’s first API token (secret shown once).',
    body: createOrganizationBody, status: 201,
    response: z.object({ organization: organizationSchema, owner: userSchema, token: createdApiTokenSchema }),
  }),

  me: defineRoute({
    id: 'me', method: 'GET', path: '/v1/me', tag: 'organization', access: 'authenticated',
    summary: 'The caller: organization, user, role and token.', status: 200, response: meSchema,
  }),
  getOrganization: defineRoute({
    id: 'getOrganization', method: 'GET', path: '/v1/organization', tag: 'organization', access: 'org.read',
    summary: 'The caller’s organization.', status: 200, response: organizationSchema,
  }),
  updateOrganization: defineRoute({
    id: 'updateOrganization', method: 'PATCH', path: '/v1/organization', tag: 'organization', access: 'org.manage',
    summary: 'Rename the organization.', body: updateOrganizationBody, status: 200, response: organizationSchema,
  }),

  listMembers: defineRoute({
    id: 'listMembers', method: 'GET', path: '/v1/members', tag: 'members', access: 'org.read',
    summary: 'Members and their roles.', query: pageQuery, status: 200, response: pageOf(memberSchema),
  }),
  addMember: defineRoute({
    id: 'addMember', method: 'POST', path: '/v1/members', tag: 'members', access: 'member.manage',
    summary: 'Add a member by email (the user is created if new). Only owners add owners.',
    body: addMemberBody, status: 201, response: memberSchema,
  }),
  changeMemberRole: defineRoute({
    id: 'changeMemberRole', method: 'PATCH', path: '/v1/members/{user_id}', tag: 'members', access: 'member.manage',
    summary: 'Change a member’s role. Only owners grant or take away OWNER; the last owner stays.',
    params: memberParams, body: changeMemberRoleBody, status: 200, response: memberSchema,
  }),
  removeMember: defineRoute({
    id: 'removeMember', method: 'DELETE', path: '/v1/members/{user_id}', tag: 'members', access: 'member.manage',
    summary: 'Remove a member and revoke their tokens in this organization.', params: memberParams, status: 204,
  }),

  listProjects: defineRoute({
    id: 'listProjects', method: 'GET', path: '/v1/projects', tag: 'projects', access: 'org.read',
    summary: 'Projects.', query: pageQuery, status: 200, response: pageOf(projectSchema),
  }),
  createProject: defineRoute({
    id: 'createProject', method: 'POST', path: '/v1/projects', tag: 'projects', access: 'project.manage',
    summary: 'Create a project.', body: createProjectBody, status: 201, response: projectSchema,
  }),
  getProject: defineRoute({
    id: 'getProject', method: 'GET', path: '/v1/projects/{project}', tag: 'projects', access: 'org.read',
    summary: 'One project.', params: projectParams, status: 200, response: projectSchema,
  }),
  updateProject: defineRoute({
    id: 'updateProject', method: 'PATCH', path: '/v1/projects/{project}', tag: 'projects', access: 'project.manage',
    summary: 'Update a project’s description.', params: projectParams, body: updateProjectBody, status: 200,
    response: projectSchema,
  }),
  deleteProject: defineRoute({
    id: 'deleteProject', method: 'DELETE', path: '/v1/projects/{project}', tag: 'projects', access: 'project.manage',
    summary: 'Delete a project that has no services.', params: projectParams, status: 204,
  }),

  listTokens: defineRoute({
    id: 'listTokens', method: 'GET', path: '/v1/tokens', tag: 'tokens', access: 'token.read',
    summary: 'API tokens: one’s own, or every token in the organization for admins. Secrets are never listed.',
    query: pageQuery, status: 200, response: pageOf(apiTokenSchema),
  }),
  createToken: defineRoute({
    id: 'createToken', method: 'POST', path: '/v1/tokens', tag: 'tokens', access: 'token.own',
    summary: 'Create an API token; the secret is in this response only.', body: createTokenBody, status: 201,
    response: createdApiTokenSchema,
  }),
  revokeToken: defineRoute({
    id: 'revokeToken', method: 'DELETE', path: '/v1/tokens/{token_id}', tag: 'tokens', access: 'token.own',
    summary: 'Revoke a token (one’s own; admins any). Revoked tokens answer 401 at once.',
    params: tokenParams, status: 204,
  }),

  listClouds: defineRoute({
    id: 'listClouds', method: 'GET', path: '/v1/clouds', tag: 'clouds', access: 'org.read',
    summary: 'Registered clouds (credentials are never returned).', query: pageQuery, status: 200,
    response: pageOf(cloudSchema),
  }),
  createCloud: defineRoute({
    id: 'createCloud', method: 'POST', path: '/v1/clouds', tag: 'clouds', access: 'cloud.manage',
    summary: 'Register a cloud; credentials are encrypted at rest (AES-256-GCM) and write-only.',
    body: createCloudBody, status: 201, response: cloudSchema,
  }),
  getCloud: defineRoute({
    id: 'getCloud', method: 'GET', path: '/v1/clouds/{cloud}', tag: 'clouds', access: 'org.read',
    summary: 'One cloud.', params: cloudParams, status: 200, response: cloudSchema,
  }),
  updateCloud: defineRoute({
    id: 'updateCloud', method: 'PATCH', path: '/v1/clouds/{cloud}', tag: 'clouds', access: 'cloud.manage',
    summary: 'Update a cloud’s region, settings, or rotate its credentials.', params: cloudParams,
    body: updateCloudBody, status: 200, response: cloudSchema,
  }),
  deleteCloud: defineRoute({
    id: 'deleteCloud', method: 'DELETE', path: '/v1/clouds/{cloud}', tag: 'clouds', access: 'cloud.manage',
    summary: 'Delete a cloud nothing uses.', params: cloudParams, status: 204,
  }),

  listInstanceTypes: defineRoute({
    id: 'listInstanceTypes', method: 'GET', path: '/v1/instance-types', tag: 'compute-configs', access: 'org.read',
    summary: 'The instance types the AWS and GCP adapters launch (what compute configs may name), with vCPUs, memory and GPUs.',
    query: instanceTypesQuery, status: 200, response: instanceTypeListSchema,
  }),
  listComputeConfigs: defineRoute({
    id: 'listComputeConfigs', method: 'GET', path: '/v1/compute-configs', tag: 'compute-configs', access: 'org.read',
    summary: 'The latest version of each compute config.', query: pageQuery, status: 200,
    response: pageOf(computeConfigSchema),
  }),
  createComputeConfig: defineRoute({
    id: 'createComputeConfig', method: 'POST', path: '/v1/compute-configs', tag: 'compute-configs',
    access: 'compute.manage',
    summary: 'Create a compute config, or the next immutable version of an existing name.',
    body: createComputeConfigBody, status: 201, response: computeConfigSchema,
  }),
  getComputeConfig: defineRoute({
    id: 'getComputeConfig', method: 'GET', path: '/v1/compute-configs/{compute_config}', tag: 'compute-configs',
    access: 'org.read', summary: 'The latest version of a compute config.', params: computeConfigParams,
    status: 200, response: computeConfigSchema,
  }),
  listComputeConfigVersions: defineRoute({
    id: 'listComputeConfigVersions', method: 'GET', path: '/v1/compute-configs/{compute_config}/versions',
    tag: 'compute-configs', access: 'org.read', summary: 'Every version of a compute config, newest first.',
    params: computeConfigParams, query: pageQuery, status: 200, response: pageOf(computeConfigSchema),
  }),
  getComputeConfigVersion: defineRoute({
    id: 'getComputeConfigVersion', method: 'GET', path: '/v1/compute-configs/{compute_config}/versions/{version}',
    tag: 'compute-configs', access: 'org.read', summary: 'One version of a compute config.',
    params: computeConfigVersionParams, status: 200, response: computeConfigSchema,
  }),

  deployService: defineRoute({
    id: 'deployService', method: 'POST', path: '/v1/projects/{project}/services/{service}/deploy', tag: 'services',
    access: 'service.deploy',
    summary: 'Deploy a service: the first version, or an update rolled out as a canary (or in place). 409 while a rollout is active.',
    params: serviceParams, body: deployBody, status: 202, response: deployResponseSchema,
    headers: [{ name: 'Idempotency-Key', description: 'Same key and body → the same response and no second rollout; same key, other body → 422.' }],
  }),
  listServices: defineRoute({
    id: 'listServices', method: 'GET', path: '/v1/projects/{project}/services', tag: 'services', access: 'service.read',
    summary: 'Services of a project.', params: projectOnlyParams, query: serviceListQuery, status: 200, response: pageOf(serviceSchema),
  }),
  getService: defineRoute({
    id: 'getService', method: 'GET', path: '/v1/projects/{project}/services/{service}', tag: 'services', access: 'service.read',
    summary: 'Service status: primary and canary side by side, weights, replicas, health, query URL.',
    params: serviceParams, status: 200, response: serviceSchema,
  }),
  listRollouts: defineRoute({
    id: 'listRollouts', method: 'GET', path: '/v1/projects/{project}/services/{service}/rollouts', tag: 'services',
    access: 'service.read', summary: 'Rollouts of a service, newest first.', params: serviceParams, query: pageQuery,
    status: 200, response: pageOf(rolloutSchema),
  }),
  getRollout: defineRoute({
    id: 'getRollout', method: 'GET', path: '/v1/projects/{project}/services/{service}/rollouts/{rollout_id}', tag: 'services',
    access: 'service.read', summary: 'One rollout with its timeline of events.', params: rolloutParams, status: 200,
    response: rolloutDetailSchema,
  }),
  setCanaryPercent: defineRoute({
    id: 'setCanaryPercent', method: 'POST', path: '/v1/projects/{project}/services/{service}/canary-percent', tag: 'services',
    access: 'service.deploy', summary: 'Move the active rollout to this canary % and pause (manual control; 100 completes).',
    params: serviceParams, body: canaryPercentBody, status: 202, response: commandAcceptedSchema,
  }),
  rollbackService: defineRoute({
    id: 'rollbackService', method: 'POST', path: '/v1/projects/{project}/services/{service}/rollback', tag: 'services',
    access: 'service.deploy', summary: 'Roll the active rollout back to the primary (gradually with max_surge_percent).',
    params: serviceParams, body: rollbackBody, status: 202, response: commandAcceptedSchema,
  }),
  terminateService: defineRoute({
    id: 'terminateService', method: 'POST', path: '/v1/projects/{project}/services/{service}/terminate', tag: 'services',
    access: 'service.deploy', summary: 'Terminate the service: every cluster stops and the URL stops answering.',
    params: serviceParams, status: 202, response: serviceSchema,
  }),
  getServiceLogs: defineRoute({
    id: 'getServiceLogs', method: 'GET', path: '/v1/projects/{project}/services/{service}/logs', tag: 'services',
    access: 'service.logs',
    summary: 'The last lines of stdout/stderr of each replica of a version (local clouds keep them; 409 for other clouds).',
    params: serviceParams, query: serviceLogsQuery, status: 200, response: serviceLogsSchema,
  }),
  getServiceTraffic: defineRoute({
    id: 'getServiceTraffic', method: 'GET', path: '/v1/projects/{project}/services/{service}/traffic', tag: 'services',
    access: 'service.read',
    summary: 'Live traffic per version and second over the last window_s seconds, summed over every gateway: requests, 5xx errors, p99 latency.',
    params: serviceParams, query: serviceTrafficQuery, status: 200, response: serviceTrafficSchema,
  }),
  rotateQueryToken: defineRoute({
    id: 'rotateQueryToken', method: 'POST', path: '/v1/projects/{project}/services/{service}/query-token/rotate', tag: 'services',
    access: 'service.deploy',
    summary: 'Issue a new query token (shown once); the current one stays valid until the rotation is finished. 409 while a rotation is in progress or when query auth is off.',
    params: serviceParams, status: 200, response: queryTokenRotationSchema,
  }),
  finishQueryTokenRotation: defineRoute({
    id: 'finishQueryTokenRotation', method: 'POST', path: '/v1/projects/{project}/services/{service}/query-token/finish-rotation',
    tag: 'services', access: 'service.deploy',
    summary: 'Stop accepting the previous query token. 409 when no rotation is in progress.',
    params: serviceParams, status: 200, response: serviceSchema,
  }),

  getServiceVersion: defineRoute({
    id: 'getServiceVersion', method: 'GET', path: '/v1/projects/{project}/services/{service}/versions/{version}', tag: 'services',
    access: 'service.read', summary: 'One version of a service: its config as deployed, state, weights, and who deployed it.',
    params: serviceVersionParams, status: 200, response: serviceVersionDetailSchema,
  }),

  signIn: defineRoute({
    id: 'signIn', method: 'POST', path: '/v1/session', tag: 'session', access: 'public',
    summary: 'Console sign-in with email and password: sets the sy_session cookie (httpOnly, SameSite=Lax, Secure over https). Rate-limited per email and per client address.',
    body: signInBody, status: 201, response: sessionSchema,
  }),
  getSession: defineRoute({
    id: 'getSession', method: 'GET', path: '/v1/session', tag: 'session', access: 'authenticated',
    summary: 'The caller’s user, organizations and role, and the CSRF token cookie-authenticated mutations must send as X-CSRF-Token.',
    status: 200, response: sessionSchema,
  }),
  signOut: defineRoute({
    id: 'signOut', method: 'DELETE', path: '/v1/session', tag: 'session', access: 'public',
    summary: 'Sign out: revokes the cookie’s session at once (needs X-CSRF-Token) and clears the cookie. Without a session, nothing happens.',
    status: 204,
  }),
  listInvites: defineRoute({
    id: 'listInvites', method: 'GET', path: '/v1/invites', tag: 'members', access: 'org.read',
    summary: 'Invitations into the organization, newest first (tokens are never listed).', query: pageQuery, status: 200,
    response: pageOf(inviteSchema),
  }),
  createInvite: defineRoute({
    id: 'createInvite', method: 'POST', path: '/v1/invites', tag: 'members', access: 'member.manage',
    summary: 'Invite a new member: a one-time, expiring link (shown once) that the admin hands over. Only owners invite owners.',
    body: createInviteBody, status: 201, response: createdInviteSchema,
  }),
  revokeInvite: defineRoute({
    id: 'revokeInvite', method: 'DELETE', path: '/v1/invites/{invite_id}', tag: 'members', access: 'member.manage',
    summary: 'Revoke a pending invitation: its link stops working.', params: inviteParams, status: 204,
  }),
  previewInvite: defineRoute({
    id: 'previewInvite', method: 'POST', path: '/v1/invites/preview', tag: 'session', access: 'public',
    summary: 'What an invite link is for (organization, email, role), before accepting it. 404 when used, revoked or expired.',
    body: inviteTokenBody, status: 200, response: invitePreviewSchema,
  }),
  acceptInvite: defineRoute({
    id: 'acceptInvite', method: 'POST', path: '/v1/invites/accept', tag: 'session', access: 'public',
    summary: 'Accept an invite once: a new user sets a password; an existing user confirms theirs. Creates the membership and signs in.',
    body: acceptInviteBody, status: 201, response: sessionSchema,
  }),

  getUsage: defineRoute({
    id: 'getUsage', method: 'GET', path: '/v1/organization/usage', tag: 'billing', access: 'billing.read',
    summary: 'Metered usage and its cost for a period (days from `from` up to `to`), grouped by project, service, instance type or day. JSON, or CSV with `format=csv` or `Accept: text/csv`.',
    query: usageQuery, status: 200, response: usageReportSchema, csv: true,
  }),
  listInvoices: defineRoute({
    id: 'listInvoices', method: 'GET', path: '/v1/organization/invoices', tag: 'billing', access: 'billing.read',
    summary: 'Monthly invoices, newest first: the current month OPEN, ended months CLOSED.',
    query: pageQuery, status: 200, response: pageOf(invoiceSchema),
  }),
  getInvoice: defineRoute({
    id: 'getInvoice', method: 'GET', path: '/v1/organization/invoices/{invoice}', tag: 'billing', access: 'billing.read',
    summary: 'One invoice with its lines (project, service, instance type).',
    params: invoiceParams, status: 200, response: invoiceDetailSchema,
  }),
  getQuotas: defineRoute({
    id: 'getQuotas', method: 'GET', path: '/v1/organization/quotas', tag: 'billing', access: 'billing.read',
    summary: 'The organization’s quotas: max GPUs, max instances, monthly budget (soft or hard).',
    status: 200, response: quotasSchema,
  }),
  setQuotas: defineRoute({
    id: 'setQuotas', method: 'PUT', path: '/v1/organization/quotas', tag: 'billing', access: 'quota.manage',
    summary: 'Replace the quotas (an omitted or null limit is no limit). Checked before every rollout against its peak.',
    body: setQuotasBody, status: 200, response: quotasSchema,
  }),

  listAuditLog: defineRoute({
    id: 'listAuditLog', method: 'GET', path: '/v1/audit-log', tag: 'audit', access: 'audit.read',
    summary: 'Every mutation in the organization, newest first.', query: pageQuery, status: 200,
    response: pageOf(auditEntrySchema),
  }),
};

export type Routes = typeof routes;
export const allRoutes = Object.values(routes);
