import { validateCloud, type CloudValidation, type CloudSpec } from '@switchyard/cloud-providers';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Db } from '@switchyard/db';
import type { Logger, Redis, SecretBox } from '@switchyard/platform';
import type { Registry } from 'prom-client';
import { TickChain, type JobQueue } from '@switchyard/jobs';
import type { ApiConfig } from './config';
import { AuditController } from './audit/audit.controller';
import { AuthGuard } from './auth/auth.guard';
import { BillingController } from './billing/billing.controller';
import { RateLimiter } from './auth/rate-limiter';
import { TokenAuthenticator } from './auth/token-authenticator';
import { CloudsController } from './clouds/clouds.controller';
import { ComputeConfigsController } from './compute-configs/compute-configs.controller';
import type { Clock } from './infra/clock';
import {
  CLOCK,
  CONFIG,
  DB,
  JOBS,
  TICKS,
  LOGGER,
  METRICS,
  REDIS,
  SECRET_BOX,
  CLOUD_VALIDATOR,
} from './infra/tokens';
import { DeployService } from './services/deploy.service';
import { QueryTokenService } from './services/query-token.service';
import { ServiceLogsService } from './services/service-logs.service';
import { ServiceTrafficController } from './services/service-traffic.controller';
import { ServiceTrafficService } from './services/service-traffic.service';
import { RolloutCommandsService } from './services/rollout-commands.service';
import { ServicesController } from './services/services.controller';
import { ServiceViews } from './services/service-views';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { OpsController } from './ops/ops.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { ProjectsController } from './projects/projects.controller';
import { TokensController } from './tokens/tokens.controller';
import { InvitesController } from './sessions/invites.controller';
import { InvitesService } from './sessions/invites.service';
import { SessionAuthenticator } from './sessions/session-authenticator';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { ServiceVersionsController } from './service-versions/service-versions.controller';

export type CloudValidator = (cloud: CloudSpec) => Promise<CloudValidation>;

/** What the API is wired to; main.ts builds real ones, tests build them on a fresh database. */
export interface ApiDependencies {
  config: ApiConfig;
  db: Db;
  redis: Redis;
  logger: Logger;
  metrics: Registry;
  secretBox: SecretBox;
  clock: Clock;
  jobs: JobQueue;
  /** Default: the provider adapters' own check (`validateCloud`); tests pass a fake (no network). */
  validateCloud?: CloudValidator;
}

@Module({})
export class AppModule {
  static with(deps: ApiDependencies): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        OpsController,
        OrganizationsController,
        MembersController,
        ProjectsController,
        TokensController,
        CloudsController,
        ComputeConfigsController,
        ServicesController,
        ServiceTrafficController,
        AuditController,
        BillingController,
        SessionsController,
        InvitesController,
        ServiceVersionsController,
      ],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: DB, useValue: deps.db },
        { provide: REDIS, useValue: deps.redis },
        { provide: LOGGER, useValue: deps.logger },
        { provide: METRICS, useValue: deps.metrics },
        { provide: SECRET_BOX, useValue: deps.secretBox },
        { provide: CLOCK, useValue: deps.clock },
        { provide: JOBS, useValue: deps.jobs },
        { provide: TICKS, useValue: new TickChain(deps.jobs, deps.redis, deps.config.REDIS_PREFIX) },
        { provide: CLOUD_VALIDATOR, useValue: deps.validateCloud ?? validateCloud },
        DeployService,
        RolloutCommandsService,
        QueryTokenService,
        ServiceLogsService,
        ServiceTrafficService,
        ServiceViews,
        TokenAuthenticator,
        RateLimiter,
        MembersService,
        SessionAuthenticator,
        SessionsService,
        InvitesService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
