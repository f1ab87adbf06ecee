import { Controller, Inject } from '@nestjs/common';
import { fieldErrorsFromZod, providerShapes, routes, type RouteInput } from '@switchyard/contracts';
import type { Cloud, Db } from '@switchyard/db';
import type { SecretBox } from '@switchyard/platform';
import { recordAudit } from '../audit/audit-log';
import { actorOf, type Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import type { DbOrTx } from '../infra/db-types';
import { isUniqueViolation } from '../infra/prisma-errors';
import { CLOUD_VALIDATOR, CONFIG, DB, SECRET_BOX } from '../infra/tokens';
import type { CloudValidator } from '../app.module';
import { checkCloudRecord } from './cloud-check';
import type { ApiConfig } from '../config';
import { iso } from '../organizations/serializers';
import { openCredentials, sealCredentials } from '@switchyard/platform';

export function serializeCloud(c: Cloud) {
  return {
    id: c.id,
    name: c.name,
    provider: c.provider,
    region: c.region,
    zone: c.zone,
    settings: c.settings as Record<string, unknown>,
    has_credentials: c.credentialsEncrypted !== null,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

export async function findCloudByName(db: DbOrTx, orgId: string, name: string) {
  const cloud = await db.cloud.findUnique({ where: { orgId_name: { orgId, name } } });
  if (!cloud) throw AppError.notFound(`cloud "${name}"`);
  return cloud;
}

@Controller()
export class CloudsController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(CLOUD_VALIDATOR) private readonly validateCloud: CloudValidator,
  ) {}

  @Endpoint(routes.listClouds)
  async list(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listClouds>) {
    const cursor = decodeCursor(input.query.cursor);
    const rows = await this.db.cloud.findMany({
      where: { orgId: caller.orgId, ...(cursor ? { name: { gt: cursor } } : {}) },
      orderBy: { name: 'asc' },
      take: input.query.limit + 1,
    });
    return toPage(rows, input.query.limit, (r) => r.name, serializeCloud);
  }

  @Endpoint(routes.createCloud)
  async create(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.createCloud>,
    @RequestId() requestId: string,
  ) {
    const body = input.body;
    if (body.provider === 'SIM' && !this.config.SWITCHYARD_ENABLE_SIM_PROVIDER) {
      throw AppError.invalid([
        { path: 'body.provider', message: 'the SIM provider is disabled on this installation' },
      ]);
    }
    await checkCloudRecord(this.validateCloud, {
      provider: body.provider,
      region: body.region,
      zone: body.zone ?? null,
      settings: body.settings as Record<string, unknown>,
      credentials: 'credentials' in body ? body.credentials : null,
    });
    const credentials =
      'credentials' in body
        ? sealCredentials(this.box, caller.orgId, body.name, body.credentials)
        : null;
    try {
      const cloud = await this.db.$transaction(async (tx) => {
        const created = await tx.cloud.create({
          data: {
            orgId: caller.orgId,
            name: body.name,
            provider: body.provider,
            region: body.region,
            zone: body.zone ?? null,
            settings: body.settings as object,
            credentialsEncrypted: credentials,
          },
        });
        await recordAudit(tx, actorOf(caller, requestId), {
          action: 'cloud.create',
          targetType: 'cloud',
          targetId: created.id,
          details: {
            name: created.name,
            provider: created.provider,
            region: created.region,
            credentials: credentials ? 'set' : 'none',
          },
        });
        return created;
      });
      return serializeCloud(cloud);
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.conflict(`cloud "${body.name}" already exists`);
      throw error;
    }
  }

  @Endpoint(routes.getCloud)
  async get(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.getCloud>) {
    return serializeCloud(await findCloudByName(this.db, caller.orgId, input.params.cloud));
  }

  @Endpoint(routes.updateCloud)
  async update(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.updateCloud>,
    @RequestId() requestId: string,
  ) {
    await this.checkUpdated(caller.orgId, input.params.cloud, input.body);
    const cloud = await this.db.$transaction(async (tx) => {
      const existing = await findCloudByName(tx, caller.orgId, input.params.cloud);
      const shapes = providerShapes[existing.provider];
      const fields = [];
      let settings: object | undefined;
      if (input.body.settings !== undefined) {
        const parsed = shapes.settings.safeParse(input.body.settings);
        if (parsed.success) settings = parsed.data;
        else fields.push(...fieldErrorsFromZod('body.settings', parsed.error));
      }
      let credentials: Uint8Array<ArrayBuffer> | undefined;
      if (input.body.credentials !== undefined) {
        const parsed = shapes.credentials.safeParse(input.body.credentials);
        if (parsed.success)
          credentials = sealCredentials(this.box, caller.orgId, existing.name, parsed.data);
        else fields.push(...fieldErrorsFromZod('body.credentials', parsed.error));
      }
      if (fields.length > 0) throw AppError.invalid(fields);
      const updated = await tx.cloud.update({
        where: { id: existing.id },
        data: {
          ...(input.body.region !== undefined ? { region: input.body.region } : {}),
          ...(input.body.zone !== undefined ? { zone: input.body.zone } : {}),
          ...(settings !== undefined ? { settings } : {}),
          ...(credentials !== undefined ? { credentialsEncrypted: credentials } : {}),
        },
      });
      await recordAudit(tx, actorOf(caller, requestId), {
        action: credentials ? 'cloud.credentials_rotate' : 'cloud.update',
        targetType: 'cloud',
        targetId: existing.id,
        details: { changed: Object.keys(input.body) },
      });
      return updated;
    });
    return serializeCloud(cloud);
  }

  /** The record as it would be after the update, checked against its cloud (shape errors are left to the update). */
  private async checkUpdated(
    orgId: string,
    name: string,
    body: RouteInput<typeof routes.updateCloud>['body'],
  ) {
    const existing = await findCloudByName(this.db, orgId, name);
    if (existing.provider !== 'AWS' && existing.provider !== 'GCP') return;
    const shapes = providerShapes[existing.provider];
    const settings = body.settings !== undefined ? shapes.settings.safeParse(body.settings) : null;
    const credentials =
      body.credentials !== undefined ? shapes.credentials.safeParse(body.credentials) : null;
    if (settings?.success === false || credentials?.success === false) return;
    await checkCloudRecord(this.validateCloud, {
      provider: existing.provider,
      region: body.region ?? existing.region,
      zone: body.zone !== undefined ? body.zone : existing.zone,
      settings: (settings ? settings.data : existing.settings) as Record<string, unknown>,
      credentials: credentials
        ? credentials.data
        : existing.credentialsEncrypted
          ? openCredentials(this.box, orgId, existing.name, existing.credentialsEncrypted)
          : null,
    });
  }

  @Endpoint(routes.deleteCloud)
  async remove(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.deleteCloud>,
    @RequestId() requestId: string,
  ) {
    await this.db.$transaction(async (tx) => {
      const existing = await findCloudByName(tx, caller.orgId, input.params.cloud);
      const [configs, versions] = await Promise.all([
        tx.computeConfig.count({ where: { orgId: caller.orgId, cloudId: existing.id } }),
        tx.serviceVersion.count({ where: { orgId: caller.orgId, cloudId: existing.id } }),
      ]);
      if (configs + versions > 0) {
        throw AppError.conflict(
          `cloud "${existing.name}" is used by ${configs} compute config version(s) and ${versions} service version(s)`,
        );
      }
      await tx.cloud.delete({ where: { id: existing.id } });
      await recordAudit(tx, actorOf(caller, requestId), {
        action: 'cloud.delete',
        targetType: 'cloud',
        targetId: existing.id,
        details: { name: existing.name },
      });
    });
  }
}
