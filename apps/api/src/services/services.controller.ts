import { Controller, Headers, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { routes, type RouteInput } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { actorOf, type Principal } from '../auth/principal';
import { AppError } from '../http/app-error';
import { Caller, Endpoint, Input, RequestId } from '../http/endpoint';
import { decodeCursor, toPage } from '../http/pagination';
import { DB } from '../infra/tokens';
import { findProjectByName } from '../projects/projects.repository';
import { DeployService } from './deploy.service';
import { validIdempotencyKey } from './idempotency';
import { QueryTokenService } from './query-token.service';
import { ServiceLogsService } from './service-logs.service';
import { RolloutCommandsService } from './rollout-commands.service';
import { findService } from './service-lookup';
import { rolloutInclude, serializeEvent, serializeRollout, serviceInclude } from './service-serializers';
import { ServiceViews } from './service-views';

@Controller()
export class ServicesController {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly deployer: DeployService,
    private readonly commands: RolloutCommandsService,
    private readonly views: ServiceViews,
    private readonly queryTokens: QueryTokenService,
    private readonly logs: ServiceLogsService,
  ) {}

  @Endpoint(routes.deployService)
  async deploy(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.deployService>,
    @RequestId() requestId: string,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.deployer.deploy(actorOf(caller, requestId), {
      project: input.params.project,
      service: input.params.service,
      config: input.body.config,
      options: input.body.options,
      idempotencyKey: validIdempotencyKey(idempotencyHeader),
    });
    res.status(result.status);
    return result.body;
  }

  @Endpoint(routes.listServices)
  async list(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listServices>) {
    const project = await findProjectByName(this.db, caller.orgId, input.params.project);
    const cursor = decodeCursor(input.query.cursor);
    const rows = await this.db.service.findMany({
      where: { orgId: caller.orgId, projectId: project.id, ...(input.query.state ? { state: input.query.state } : {}), ...(cursor ? { name: { gt: cursor } } : {}) },
      orderBy: { name: 'asc' },
      take: input.query.limit + 1,
      include: serviceInclude,
    });
    return toPage(rows, input.query.limit, (r) => r.name, (r) => this.views.serializeService(r));
  }

  @Endpoint(routes.getService)
  async get(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.getService>) {
    const service = await findService(this.db, caller.orgId, input.params.project, input.params.service);
    return this.views.service(this.db, caller.orgId, service.id);
  }

  @Endpoint(routes.listRollouts)
  async rollouts(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.listRollouts>) {
    const service = await findService(this.db, caller.orgId, input.params.project, input.params.service);
    const cursor = decodeCursor(input.query.cursor);
    const rows = await this.db.rollout.findMany({
      where: { orgId: caller.orgId, serviceId: service.id, ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: 'desc' },
      take: input.query.limit + 1,
      include: rolloutInclude,
    });
    return toPage(rows, input.query.limit, (r) => r.id, serializeRollout);
  }

  @Endpoint(routes.getRollout)
  async rollout(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.getRollout>) {
    const service = await findService(this.db, caller.orgId, input.params.project, input.params.service);
    const rollout = await this.db.rollout.findFirst({
      where: { id: input.params.rollout_id, orgId: caller.orgId, serviceId: service.id },
      include: { ...rolloutInclude, events: { orderBy: { seq: 'asc' } } },
    });
    if (!rollout) throw AppError.notFound('rollout');
    return { ...serializeRollout(rollout), events: rollout.events.map(serializeEvent) };
  }

  @Endpoint(routes.setCanaryPercent)
  async canaryPercent(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.setCanaryPercent>, @RequestId() requestId: string) {
    return this.commands.enqueue(actorOf(caller, requestId), input.params.project, input.params.service, 'SET_CANARY_PERCENT', { percent: input.body.percent });
  }

  @Endpoint(routes.rollbackService)
  async rollback(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.rollbackService>, @RequestId() requestId: string) {
    const payload = input.body.max_surge_percent !== undefined ? { maxSurgePercent: input.body.max_surge_percent } : {};
    return this.commands.enqueue(actorOf(caller, requestId), input.params.project, input.params.service, 'ROLLBACK', payload);
  }

  @Endpoint(routes.terminateService)
  async terminate(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.terminateService>, @RequestId() requestId: string) {
    return this.commands.terminate(actorOf(caller, requestId), input.params.project, input.params.service);
  }

  @Endpoint(routes.rotateQueryToken)
  async rotateQueryToken(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.rotateQueryToken>, @RequestId() requestId: string) {
    return this.queryTokens.rotate(actorOf(caller, requestId), input.params.project, input.params.service);
  }

  @Endpoint(routes.finishQueryTokenRotation)
  async finishQueryTokenRotation(
    @Caller() caller: Principal,
    @Input() input: RouteInput<typeof routes.finishQueryTokenRotation>,
    @RequestId() requestId: string,
  ) {
    return this.queryTokens.finish(actorOf(caller, requestId), input.params.project, input.params.service);
  }

  @Endpoint(routes.getServiceLogs)
  async serviceLogs(@Caller() caller: Principal, @Input() input: RouteInput<typeof routes.getServiceLogs>) {
    return this.logs.read(caller.orgId, input.params.project, input.params.service, input.query);
  }
}
