import type { Role, TokenScope } from '@switchyard/contracts';
import { ADMIN_TOKEN, type ApiHarness } from './harness';

export interface Tenant {
  orgId: string;
  slug: string;
  ownerToken: string;
  ownerUserId: string;
  /** A token with every scope the role can hold, per role. */
  tokens: Record<Role, string>;
  userIds: Record<Role, string>;
  projects: string[];
  clouds: string[];
  computeConfigs: string[];
}

let counter = 0;

/**
 * Fluent test data through the real API, e.g.
 * `await aTenant(api).withProject('web').withCloud('local').withComputeConfig('cpu', 'local').create()`.
 * Every tenant has an owner, an admin, a member and a viewer, each with a token.
 */
export function aTenant(api: ApiHarness) {
  const projects: string[] = [];
  const clouds: string[] = [];
  const computeConfigs: { name: string; cloud: string }[] = [];
  let name = `tenant-${process.pid}-${++counter}`;
  const builder = {
    named(value: string) {
      name = value;
      return builder;
    },
    withProject(project: string) {
      projects.push(project);
      return builder;
    },
    withCloud(cloud: string) {
      clouds.push(cloud);
      return builder;
    },
    withComputeConfig(config: string, cloud: string) {
      computeConfigs.push({ name: config, cloud });
      return builder;
    },
    async create(): Promise<Tenant> {
      const created = await expectOk(
        api.request('POST', '/v1/admin/organizations', {
          token: ADMIN_TOKEN,
          body: { name, owner_email: `owner@${name}.test`, owner_name: 'Owner' },
        }),
      );
      const ownerToken: string = created.token.secret;
      const tokens = { OWNER: ownerToken } as Record<Role, string>;
      const userIds = { OWNER: created.owner.id } as Record<Role, string>;
      for (const role of ['ADMIN', 'MEMBER', 'VIEWER'] as const) {
        const member = await expectOk(
          api.request('POST', '/v1/members', { token: ownerToken, body: { email: `${role.toLowerCase()}@${name}.test`, role } }),
        );
        userIds[role] = member.user_id;
        tokens[role] = await tokenFor(api, ownerToken, member.user_id, scopesFor(role));
      }
      for (const project of projects) {
        await expectOk(api.request('POST', '/v1/projects', { token: ownerToken, body: { name: project } }));
      }
      for (const cloud of clouds) {
        await expectOk(api.request('POST', '/v1/clouds', { token: ownerToken, body: { name: cloud, provider: 'LOCAL' } }));
      }
      for (const config of computeConfigs) {
        await expectOk(
          api.request('POST', '/v1/compute-configs', {
            token: ownerToken,
            body: { name: config.name, cloud: config.cloud, head_node: { instance_type: 'local' }, worker_groups: [] },
          }),
        );
      }
      return {
        orgId: created.organization.id,
        slug: created.organization.slug,
        ownerToken,
        ownerUserId: created.owner.id,
        tokens,
        userIds,
        projects,
        clouds,
        computeConfigs: computeConfigs.map((c) => c.name),
      };
    },
  };
  return builder;
}

export function scopesFor(role: Role): TokenScope[] {
  return role === 'VIEWER' ? ['READ', 'ADMIN'] : ['READ', 'DEPLOY', 'ADMIN'];
}

export async function tokenFor(
  api: ApiHarness,
  issuerToken: string,
  userId: string,
  scopes: TokenScope[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const token = await expectOk(
    api.request('POST', '/v1/tokens', { token: issuerToken, body: { name: `t-${++counter}`, scopes, user_id: userId, ...extra } }),
  );
  return token.secret;
}

export async function expectOk(pending: Promise<{ status: number; body: any }>): Promise<any> {
  const res = await pending;
  if (res.status >= 300) throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
