import { instanceCatalog, validateComputeConfig } from '@switchyard/cloud-providers';
import { Controller, Inject } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Cloud, ComputeConfig, Db } from '@switchyard/db';
import { recordAudit } from '../audit/audit-log';
import { actorOf, type Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import { DB } from '../infra/tokens';
import { iso } from '../organizations/serializers';

type HeadNode = { instance_type: string };
type WorkerGroup = {
  name: string;
  instance_type: string;
  gpu_type: string | null;
  gpu_count: number;
  min_nodes: number;
  max_nodes: number;
};

export function serializeComputeConfig(c: ComputeConfig & { cloud: Pick<Cloud, 'name'> }) {
  return {
    id: c.id,
    name: c.name,
    version: c.version,
    cloud: c.cloud.name,
    head_node: c.headNode as HeadNode,
    worker_groups: c.workerGroups as WorkerGroup[],
    created_at: iso(c.createdAt),
  };
}

const withCloud = { cloud: { select: { name: true } } } as const;

/** Compute configs are immutable: "changing" one writes version N+1 under the same name. */
@Controller()
export class ComputeConfigsController {
  constructor(@Inject(DB) private readonly db: Db) {}

  @Endpoint(routes.listInstanceTypes)
  instanceTypes(@Input() input: RouteInput<typeof routes.listInstanceTypes>) {
    const providers = input.query.provider ? [input.query.provider] : (['AWS', 'GCP'] as const);
    return {
      data: providers.flatMap((provider) =>
        instanceCatalog(provider).map((t) => ({
          provider,
          name: t.name,
          family: t.family,
          vcpus: t.vcpus,
          memory_gib: t.memoryGib,
          gpus: t.gpus
            ? { type: t.gpus.type, count: t.gpus.count, memory_gib: t.gpus.memoryGib }
            : null,
          attachable_gpus: t.attachableGpus
            ? {
                type: t.attachableGpus.type,
                counts: [...t.attachableGpus.counts],
                memory_gib: t.attachableGpus.memoryGib,
              }
            : null,
        })),
      ),
    };
  }

  @Endpoint(routes.listComputeConfigs)
  async list(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.listComputeConfigs>,
  ) {
    const cursor = decodeCursor(input.query.cursor);
    const rows = await this.db.computeConfig.findMany({
      where: { orgId: caller.orgId, ...(cursor ? { name: { gt: cursor } } : {}) },
      orderBy: [{ name: 'asc' }, { version: 'desc' }],
      distinct: ['name'],
      take: input.query.limit + 1,
      include: withCloud,
    });
    return toPage(rows, input.query.limit, (r) => r.name, serializeComputeConfig);
  }

  @Endpoint(routes.createComputeConfig)
  async create(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.createComputeConfig>,
    @RequestId() requestId: string,
  ) {
    const body = input.body;
    const config = await this.db.$transaction(async (tx) => {
      const cloud = await tx.cloud.findUnique({
        where: { orgId_name: { orgId: caller.orgId, name: body.cloud } },
      });
      if (!cloud)
        throw new AppError('not_found', `cloud "${body.cloud}" not found`, [
          { path: 'body.cloud', message: 'no such cloud' },
        ]);
      if (cloud.provider === 'AWS' || cloud.provider === 'GCP') {
        // Only types the cloud's adapter can launch (and GPUs they carry): a typo fails here, naming the valid ones.
        const check = validateComputeConfig(cloud.provider, body);
        if (!check.ok)
          throw AppError.invalid(
            check.issues.map((i) => ({ path: `body.${i.path}`, message: i.message })),
          );
      }
      // Serialises concurrent writers of the same name, so versions never collide or skip.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`compute-config:${caller.orgId}:${body.name}`}))`;
      const latest = await tx.computeConfig.findFirst({
        where: { orgId: caller.orgId, name: body.name },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const created = await tx.computeConfig.create({
        data: {
          orgId: caller.orgId,
          cloudId: cloud.id,
          name: body.name,
          version: (latest?.version ?? 0) + 1,
          headNode: body.head_node,
          workerGroups: body.worker_groups,
        },
        include: withCloud,
      });
      await recordAudit(tx, actorOf(caller, requestId), {
        action: 'compute_config.create',
        targetType: 'compute_config',
        targetId: created.id,
        details: { name: created.name, version: created.version, cloud: body.cloud },
      });
      return created;
    });
    return serializeComputeConfig(config);
  }

  @Endpoint(routes.getComputeConfig)
  async get(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.getComputeConfig>,
  ) {
    const config = await this.db.computeConfig.findFirst({
      where: { orgId: caller.orgId, name: input.params.compute_config },
      orderBy: { version: 'desc' },
      include: withCloud,
    });
    if (!config) throw AppError.notFound(`compute config "${input.params.compute_config}"`);
    return serializeComputeConfig(config);
  }

  @Endpoint(routes.listComputeConfigVersions)
  async versions(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.listComputeConfigVersions>,
  ) {
    const cursor = decodeCursor(input.query.cursor);
    const cursorVersion = cursor === undefined ? undefined : Number(cursor);
    const rows = await this.db.computeConfig.findMany({
      where: {
        orgId: caller.orgId,
        name: input.params.compute_config,
        ...(cursorVersion !== undefined && Number.isInteger(cursorVersion)
          ? { version: { lt: cursorVersion } }
          : {}),
      },
      orderBy: { version: 'desc' },
      take: input.query.limit + 1,
      include: withCloud,
    });
    if (rows.length === 0 && cursor === undefined)
      throw AppError.notFound(`compute config "${input.params.compute_config}"`);
    return toPage(rows, input.query.limit, (r) => String(r.version), serializeComputeConfig);
  }

  @Endpoint(routes.getComputeConfigVersion)
  async version(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.getComputeConfigVersion>,
  ) {
    const config = await this.db.computeConfig.findUnique({
      where: {
        orgId_name_version: {
          orgId: caller.orgId,
          name: input.params.compute_config,
          version: input.params.version,
        },
      },
      include: withCloud,
    });
    if (!config)
      throw AppError.notFound(
        `compute config "${input.params.compute_config}" version ${input.params.version}`,
      );
    return serializeComputeConfig(config);
  }
}
