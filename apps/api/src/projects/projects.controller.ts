import { Controller, Inject } from '@nestjs/common';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db, Project } from '@switchyard/db';
import { recordAudit } from '../audit/audit-log';
import { actorOf, type Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import { isUniqueViolation } from '../infra/prisma-errors';
import { DB } from '../infra/tokens';
import { iso } from '../organizations/serializers';
import { findProjectByName } from './projects.repository';

export function serializeProject(p: Project) {
  return { id: p.id, name: p.name, description: p.description, created_at: iso(p.createdAt), updated_at: iso(p.updatedAt) };
}

@Controller()
export class ProjectsController {
  constructor(@Inject(DB) private readonly db: Db) {}

  @Endpoint(routes.listProjects)
  async list(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listProjects>) {
    const cursor = decodeCursor(input.query.cursor);
    const rows = await this.db.project.findMany({
      where: { orgId: caller.orgId, ...(cursor ? { name: { gt: cursor } } : {}) },
      orderBy: { name: 'asc' },
      take: input.query.limit + 1,
    });
    return toPage(rows, input.query.limit, (r) => r.name, serializeProject);
  }

  @Endpoint(routes.createProject)
  async create(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.createProject>, @RequestId() requestId: string) {
    try {
      const project = await this.db.$transaction(async (tx) => {
        const created = await tx.project.create({
          data: { orgId: caller.orgId, name: input.body.name, description: input.body.description ?? null },
        });
        await recordAudit(tx, actorOf(caller, requestId), { action: 'project.create', targetType: 'project', targetId: created.id, details: { name: created.name } });
        return created;
      });
      return serializeProject(project);
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.conflict(`project "${input.body.name}" already exists`);
      throw error;
    }
  }

  @Endpoint(routes.getProject)
  async get(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.getProject>) {
    return serializeProject(await findProjectByName(this.db, caller.orgId, input.params.project));
  }

  @Endpoint(routes.updateProject)
  async update(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.updateProject>, @RequestId() requestId: string) {
    const project = await this.db.$transaction(async (tx) => {
      const existing = await findProjectByName(tx, caller.orgId, input.params.project);
      const updated = await tx.project.update({ where: { id: existing.id }, data: { description: input.body.description } });
      await recordAudit(tx, actorOf(caller, requestId), { action: 'project.update', targetType: 'project', targetId: existing.id, details: { description: input.body.description } });
      return updated;
    });
    return serializeProject(project);
  }

  @Endpoint(routes.deleteProject)
  async remove(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.deleteProject>, @RequestId() requestId: string) {
    await this.db.$transaction(async (tx) => {
      const existing = await findProjectByName(tx, caller.orgId, input.params.project);
      const services = await tx.service.count({ where: { orgId: caller.orgId, projectId: existing.id, state: { not: 'TERMINATED' } } });
      if (services > 0) throw AppError.conflict(`project "${existing.name}" still has ${services} service(s); terminate them first`);
      await tx.project.delete({ where: { id: existing.id } });
      await recordAudit(tx, actorOf(caller, requestId), { action: 'project.delete', targetType: 'project', targetId: existing.id, details: { name: existing.name } });
    });
  }
}
