import { Inject, Injectable } from '@nestjs/common';
import type { Db, ServiceVersion } from '@switchyard/db';
import type { TickChain } from '@switchyard/jobs';
import { generateApiToken, hashSecret, uuidv7 } from '@switchyard/platform';
import { classifyInPlaceChange, initialState, RolloutPlanError, type InPlaceServiceConfig, type ReplicaRef } from '@switchyard/rollout';
import { canonicalConfigJson, configHash, toInPlaceInput, type ServiceConfig } from '@switchyard/service-config';
import { recordAudit } from '../audit/audit-log';
import { priceAndCheckDeploy } from '../billing/deploy-billing';
import type { Actor } from '../auth/principal';
import type { ApiConfig } from '../config';
import { AppError } from '../http/app-error';
import type { Clock } from '../infra/clock';
import type { Tx } from '../infra/db-types';
import { isUniqueViolation } from '../infra/prisma-errors';
import { CLOCK, CONFIG, DB, TICKS } from '../infra/tokens';
import { findProjectByName } from '../projects/projects.repository';
import { remember, replayIfSeen, requestFingerprint, type StoredResponse } from './idempotency';
import { buildPlanInput, requestPathForPlanField, type DeployOptions } from './rollout-plan';
import { activeRolloutOf } from './service-lookup';
import { ServiceViews } from './service-views';
import type { ObservedVersion } from './service-serializers';

export interface DeployRequest {
  project: string;
  service: string;
  config: ServiceConfig;
  options: DeployOptions;
  idempotencyKey?: string;
}

/** Thrown out of a dry run's transaction so that everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly response: StoredResponse) {
    super('dry run: rolled back');
  }
}

/** Prefix of service query tokens (callers of a service, not API tokens). */
export const QUERY_TOKEN_PREFIX = 'sq_';

/**
 * A deploy writes the version and its rollout in one transaction (the service row locked, so
 * two deploys of one service cannot both start a rollout), then enqueues the first tick after
 * commit. Retries with the same Idempotency-Key replay the stored answer.
 */
@Injectable()
export class DeployService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TICKS) private readonly ticks: TickChain,
    private readonly views: ServiceViews,
  ) {}

  async deploy(actor: Actor, request: DeployRequest): Promise<StoredResponse> {
    const fingerprint = requestFingerprint(`deploy:${request.project}/${request.service}`, { config: request.config, options: request.options });
    // A dry run neither replays nor keeps an answer: it must say what a deploy would do now.
    if (request.idempotencyKey && !request.options.dry_run) {
      const seen = await replayIfSeen(this.db, actor.orgId, request.idempotencyKey, fingerprint);
      if (seen) return seen;
    }
    // Tenant first: another organization's project is 404 whatever the body says.
    await findProjectByName(this.db, actor.orgId, request.project);
    if (request.config.name !== request.service) {
      throw AppError.invalid([{ path: 'body.config.name', message: `must be "${request.service}", the service named in the path` }]);
    }
    if (request.options.dry_run) return this.dryRun(actor, request);
    let outcome: { response: StoredResponse; rolloutId: string };
    try {
      outcome = await this.db.$transaction((tx) => this.deployInTransaction(tx, actor, request, fingerprint), { timeout: 20_000 });
    } catch (error) {
      if (request.idempotencyKey && isUniqueViolation(error)) {
        // A concurrent retry with the same key won the race: answer as it did.
        const seen = await replayIfSeen(this.db, actor.orgId, request.idempotencyKey, fingerprint);
        if (seen) return seen;
      }
      if (isUniqueViolation(error)) throw AppError.conflict(`a concurrent deploy of "${request.service}" won; retry`);
      throw error;
    }
    const now = this.clock.now().getTime();
    await this.ticks.schedule(outcome.rolloutId, now, now);
    return outcome.response;
  }

  /**
   * The whole deploy — validation, plan, estimate, quota check — in a transaction that is then
   * rolled back: a dry run answers exactly what the deploy would, and creates nothing (no
   * version, rollout, audit entry or tick; an Idempotency-Key is neither read nor kept).
   */
  private async dryRun(actor: Actor, request: DeployRequest): Promise<StoredResponse> {
    try {
      await this.db.$transaction(
        async (tx) => {
          const { response } = await this.deployInTransaction(tx, actor, { ...request, idempotencyKey: undefined }, '');
          throw new DryRunRollback(response);
        },
        { timeout: 20_000 },
      );
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
      return { status: 200, body: { ...(error.response.body as object), query_token: null, dry_run: true } };
    }
    throw new Error('a dry run must end in its rollback');
  }

  private async deployInTransaction(tx: Tx, actor: Actor, request: DeployRequest, fingerprint: string) {
    const { config, options } = request;
    const now = this.clock.now();
    const project = await findProjectByName(tx, actor.orgId, request.project);
    const cloud = await this.resolveCloud(tx, actor.orgId, config.cloud);
    const computeConfigId = await this.resolveComputeConfig(tx, actor.orgId, config.compute_config);

    const { service, queryToken } = await this.lockOrCreateService(tx, actor.orgId, project.id, request.project, config);
    const active = await activeRolloutOf(tx, actor.orgId, service.id);
    if (active) throw AppError.conflict(`service "${service.name}" has an active rollout ${active.id} (${active.state}); wait for it, roll it back, or set its canary percent`);

    const existingNames = (await tx.serviceVersion.findMany({ where: { serviceId: service.id }, select: { name: true } })).map((v) => v.name);
    const versionName = config.version_name ?? nextVersionName(existingNames);
    if (existingNames.includes(versionName)) {
      throw new AppError('conflict', `version "${versionName}" of "${service.name}" already exists`, [{ path: 'body.config.version_name', message: 'already used' }]);
    }
    const primary = service.primaryVersionId ? await tx.serviceVersion.findUnique({ where: { id: service.primaryVersionId } }) : null;
    const servingPrimary = primary && primary.state !== 'TERMINATED' && primary.state !== 'FAILED' ? primary : null;

    const fields = [];
    if (!servingPrimary && options.in_place) fields.push({ path: 'body.options.in_place', message: 'an in-place update needs a running primary version' });
    if (!servingPrimary && options.canary_percent !== undefined) fields.push({ path: 'body.options.canary_percent', message: 'applies to updates; the first version always goes to 100 %' });
    if (!servingPrimary && options.max_surge_percent !== undefined) fields.push({ path: 'body.options.max_surge_percent', message: 'applies to updates; the first version has nothing to surge over' });
    if (fields.length) throw AppError.invalid(fields);

    let inPlaceMode: 'light' | 'heavy' | undefined;
    if (servingPrimary && options.in_place) {
      const verdict = classifyInPlaceChange(
        asResolved(servingPrimary.config as ServiceConfig, servingPrimary.cloudId, servingPrimary.computeConfigId),
        asResolved(config, cloud.id, computeConfigId),
        { canaryPercent: options.canary_percent, maxSurgePercent: options.max_surge_percent },
      );
      if (!verdict.ok) {
        throw new AppError('unprocessable', 'this change cannot be applied in place', verdict.refusals.map((r) => ({
          path: r.field === 'canary_percent' || r.field === 'max_surge_percent' ? `body.options.${r.field}` : `body.config.${r.field}`,
          message: r.message,
        })));
      }
      inPlaceMode = verdict.mode;
    }
    const billing = await priceAndCheckDeploy(tx, actor.orgId, {
      serviceId: service.id,
      provider: cloud.provider,
      config,
      computeConfigId,
      primary: servingPrimary,
      options,
      pollIntervalS: this.config.ROLLOUT_POLL_INTERVAL_S,
      now,
    });

    const version = await tx.serviceVersion.create({
      data: {
        orgId: actor.orgId,
        serviceId: service.id,
        name: versionName,
        config: JSON.parse(canonicalConfigJson(config)) as object,
        configHash: configHash(config),
        cloudId: cloud.id,
        computeConfigId,
      },
    });
    const rolloutId = uuidv7(now.getTime());
    const planInput = buildPlanInput({
      rolloutId,
      config,
      versionId: version.id,
      options,
      pollIntervalS: this.config.ROLLOUT_POLL_INTERVAL_S,
      primary: servingPrimary ? { versionId: servingPrimary.id, config: servingPrimary.config as ServiceConfig, replicas: replicasOf(servingPrimary) } : null,
      inPlaceMode,
    });
    let machine;
    try {
      machine = initialState(planInput, now.getTime());
    } catch (error) {
      if (error instanceof RolloutPlanError) {
        throw AppError.invalid(error.problems.map((p) => ({ path: requestPathForPlanField(p.field), message: p.message })));
      }
      throw error;
    }
    await tx.rollout.create({
      data: {
        id: rolloutId,
        orgId: actor.orgId,
        serviceId: service.id,
        fromVersionId: servingPrimary?.id ?? null,
        toVersionId: version.id,
        strategy: planInput.strategy,
        options: { ...options, in_place_mode: inPlaceMode ?? null } as object,
        machine: machine as unknown as object,
        deadline: new Date(machine.deadlineAt),
        createdById: actor.userId,
      },
    });
    await tx.rolloutEvent.create({
      data: { orgId: actor.orgId, rolloutId, seq: 1, type: 'DEPLOY_REQUESTED', fromState: null, toState: 'PENDING', reason: describeDeploy(planInput.strategy, versionName, options, inPlaceMode) },
    });
    await tx.service.update({
      where: { id: service.id },
      data: servingPrimary
        ? { state: 'ROLLING_OUT', canaryVersionId: version.id }
        : { state: 'STARTING', primaryVersionId: version.id, canaryVersionId: null },
    });
    await recordAudit(tx, actor, {
      action: 'service.deploy',
      targetType: 'service',
      targetId: service.id,
      details: { project: request.project, service: service.name, version: versionName, rolloutId, strategy: planInput.strategy, options },
    });
    const response: StoredResponse = {
      status: 202,
      body: {
        service: await this.views.service(tx, actor.orgId, service.id),
        version: await this.views.version(tx, version.id),
        rollout: await this.views.rollout(tx, actor.orgId, rolloutId),
        query_token: queryToken,
        dry_run: false,
        ...billing,
      },
    };
    if (request.idempotencyKey) {
      // Replays must not hand out the query token again: it is shown once.
      await remember(tx, actor.orgId, request.idempotencyKey, fingerprint, { status: 202, body: { ...(response.body as object), query_token: null } });
    }
    return { response, rolloutId };
  }

  private async resolveCloud(tx: Tx, orgId: string, name: string | undefined) {
    if (name) {
      const cloud = await tx.cloud.findUnique({ where: { orgId_name: { orgId, name } } });
      if (!cloud) throw new AppError('not_found', `cloud "${name}" not found`, [{ path: 'body.config.cloud', message: 'no such cloud' }]);
      return cloud;
    }
    const clouds = await tx.cloud.findMany({ where: { orgId }, take: 2 });
    if (clouds.length !== 1) {
      throw AppError.invalid([{ path: 'body.config.cloud', message: clouds.length ? 'name the cloud: the organization has several' : 'register a cloud first' }]);
    }
    return clouds[0]!;
  }

  private async resolveComputeConfig(tx: Tx, orgId: string, ref: ServiceConfig['compute_config']): Promise<string | null> {
    if (ref === undefined || typeof ref !== 'string') return null;
    const [name, versionText] = ref.split(':');
    const config = await tx.computeConfig.findFirst({
      where: { orgId, name: name!, ...(versionText ? { version: Number(versionText) } : {}) },
      orderBy: { version: 'desc' },
    });
    if (!config) throw new AppError('not_found', `compute config "${ref}" not found`, [{ path: 'body.config.compute_config', message: 'no such compute config' }]);
    return config.id;
  }

  private async lockOrCreateService(tx: Tx, orgId: string, projectId: string, projectName: string, config: ServiceConfig) {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM services WHERE "projectId" = ${projectId}::uuid AND name = ${config.name} FOR UPDATE`;
    if (locked[0]) {
      const service = await tx.service.findUniqueOrThrow({ where: { id: locked[0].id } });
      if (service.state === 'TERMINATING') throw AppError.conflict(`service "${service.name}" is terminating; deploy again once it is TERMINATED`);
      await tx.service.update({ where: { id: service.id }, data: { queryAuthEnabled: config.query_auth_token_enabled } });
      return { service, queryToken: null };
    }
    const queryToken = config.query_auth_token_enabled ? generateApiToken(QUERY_TOKEN_PREFIX) : null;
    const endpointSlug = `${config.name}--${projectName}`;
    if (await tx.service.findUnique({ where: { endpointSlug } })) {
      throw new AppError('conflict', `the service URL name "${endpointSlug}" is taken on this installation; choose another service or project name`, [{ path: 'body.config.name', message: 'URL name taken' }]);
    }
    const service = await tx.service.create({
      data: {
        orgId,
        projectId,
        name: config.name,
        endpointSlug,
        queryAuthEnabled: config.query_auth_token_enabled,
        queryTokenHash: queryToken ? hashSecret(queryToken) : null,
      },
    });
    return { service, queryToken };
  }
}

/**
 * The config as the in-place rule compares it: cloud and compute config as they resolved at
 * deploy time, not as written. `compute_config: cpu` names a newer version once one exists (a
 * change the rule must refuse), and a config without `cloud` got the organization's only cloud
 * (the same one a later `cloud: sim` names). An inline compute config is compared as written.
 */
function asResolved(config: ServiceConfig, cloudId: string, computeConfigId: string | null): InPlaceServiceConfig {
  const input = toInPlaceInput(config);
  return { ...input, cloud: cloudId, compute_config: computeConfigId ?? input.compute_config };
}

function nextVersionName(existing: string[]): string {
  let n = existing.length + 1;
  while (existing.includes(`v${n}`)) n++;
  return `v${n}`;
}

function replicasOf(version: ServiceVersion): ReplicaRef[] {
  const observed = version.observed as ObservedVersion & { replicas?: ReplicaRef[] };
  return observed.replicas ?? [];
}

function describeDeploy(strategy: string, version: string, options: DeployOptions, inPlaceMode?: string): string {
  if (strategy === 'INITIAL') return `first version ${version}: provision, wait until healthy, then 100 %`;
  if (strategy === 'IN_PLACE') return `in-place update to ${version} (${inPlaceMode}weight)`;
  const parts = [`canary rollout to ${version}`];
  if (options.canary_percent !== undefined) parts.push(`manual at ${options.canary_percent} %`);
  if (options.max_surge_percent !== undefined) parts.push(`max surge ${options.max_surge_percent} %`);
  return parts.join(', ');
}
