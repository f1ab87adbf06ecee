import { z } from 'zod';
import { serviceConfigSchema } from '@switchyard/service-config';
import { dnsLabel, timestamp, uuid } from './common';
import { costEstimateSchema, quotaWarningSchema } from './billing';

export const SERVICE_STATES = ['STARTING', 'RUNNING', 'ROLLING_OUT', 'ROLLING_BACK', 'UNHEALTHY', 'TERMINATING', 'TERMINATED', 'SYSTEM_FAILURE'] as const;
export const VERSION_STATES = ['STARTING', 'RUNNING', 'UNHEALTHY', 'TERMINATING', 'TERMINATED', 'FAILED'] as const;
export const ROLLOUT_STATES = ['PENDING', 'PROVISIONING', 'WAITING_HEALTHY', 'SHIFTING', 'PAUSED', 'COMPLETING', 'SUCCEEDED', 'ROLLING_BACK', 'ROLLED_BACK', 'FAILED', 'CANCELLED'] as const;
export const TERMINAL_ROLLOUT_STATES = ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'CANCELLED'] as const;

export const versionSummarySchema = z
  .object({
    id: uuid,
    name: z.string(),
    state: z.enum(VERSION_STATES),
    target_weight: z.number().int().describe('The traffic % the rollout is moving this version to.'),
    current_weight: z.number().int().describe('The traffic % gateways apply now.'),
    healthy: z.boolean().nullable().describe('null until the worker has observed the version.'),
    deployments: z.array(
      z.object({ application: z.string(), deployment: z.string(), desired_replicas: z.number().int(), ready_replicas: z.number().int() }),
    ),
    created_at: timestamp,
  })
  .meta({ id: 'VersionSummary' });

export const serviceSchema = z
  .object({
    id: uuid,
    name: z.string(),
    project: z.string(),
    state: z.enum(SERVICE_STATES),
    query_url: z.string().describe('The stable URL callers use (host-based form).'),
    query_path_url: z.string().describe('The path-based form, for local use.'),
    query_auth_enabled: z.boolean(),
    query_token_rotating: z
      .boolean()
      .describe('A query-token rotation is in progress: the previous token is still accepted until it is finished.'),
    primary: versionSummarySchema.nullable(),
    canary: versionSummarySchema.nullable(),
    active_rollout_id: uuid.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Service' });

export const rolloutEventSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    from_state: z.enum(ROLLOUT_STATES).nullable(),
    to_state: z.enum(ROLLOUT_STATES).nullable(),
    reason: z.string(),
    created_at: timestamp,
  })
  .meta({ id: 'RolloutEvent' });

export const rolloutSchema = z
  .object({
    id: uuid,
    service: z.string(),
    strategy: z.enum(['INITIAL', 'CANARY', 'IN_PLACE']),
    state: z.enum(ROLLOUT_STATES),
    from_version: z.string().nullable(),
    to_version: z.string(),
    canary_weight: z.number().int().describe('Current traffic % on the new version.'),
    options: z.record(z.string(), z.unknown()),
    reason: z.string().nullable().describe('Why the rollout ended (terminal states).'),
    deadline: timestamp,
    created_at: timestamp,
    finished_at: timestamp.nullable(),
  })
  .meta({ id: 'Rollout' });

export const rolloutDetailSchema = rolloutSchema.extend({ events: z.array(rolloutEventSchema) }).meta({ id: 'RolloutDetail' });

export const deployOptionsSchema = z
  .strictObject({
    canary_percent: z.number().int().min(0).max(100).optional().describe('Manual rollout: move to this % and pause; automatic rollback is off.'),
    max_surge_percent: z.number().int().min(1).max(100).optional().describe('Constrained rollout: total capacity never above 100 + this %.'),
    in_place: z.boolean().optional().describe('Update the running cluster instead of a canary (refused when cloud, image or compute config change).'),
    dry_run: z.boolean().optional().describe('Validate, estimate the cost and check quotas, and create nothing: the answer (200) shows what the deploy would start; its ids are not kept.'),
  })
  .default({});

export const deployBody = z.strictObject({
  config: serviceConfigSchema,
  options: deployOptionsSchema,
});

export const deployResponseSchema = z
  .object({
    service: serviceSchema,
    version: versionSummarySchema,
    rollout: rolloutSchema,
    query_token: z.string().nullable().describe('The service’s query bearer token, shown once on the first deploy.'),
    dry_run: z.boolean().describe('true: nothing was created (options.dry_run).'),
    cost_estimate: costEstimateSchema,
    quota_warnings: z.array(quotaWarningSchema).describe('Soft quotas this rollout goes over (it started anyway).'),
  })
  .meta({ id: 'DeployResult' });

export const queryTokenRotationSchema = z
  .object({
    query_token: z.string().describe('The new query bearer token, shown once. The previous one stays valid until the rotation is finished.'),
    service: serviceSchema,
  })
  .meta({ id: 'QueryTokenRotation' });

export const serviceParams = z.strictObject({ project: dnsLabel, service: dnsLabel });
export const rolloutParams = z.strictObject({ project: dnsLabel, service: dnsLabel, rollout_id: uuid });
export const canaryPercentBody = z.strictObject({ percent: z.number().int().min(0).max(100) });
export const rollbackBody = z.strictObject({ max_surge_percent: z.number().int().min(1).max(100).optional() }).default({});
export const commandAcceptedSchema = z.object({ rollout: rolloutSchema, command: z.string() }).meta({ id: 'CommandAccepted' });
export const serviceListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  state: z.enum(SERVICE_STATES).optional(),
});

export const serviceLogsQuery = z.strictObject({
  version: z.string().min(1).max(128).optional().describe('A version name; default: the primary (else the newest version).'),
  replica: z.string().min(1).max(200).optional(),
  tail: z.coerce.number().int().min(1).max(10_000).default(100),
});

export const serviceLogsSchema = z
  .object({
    version: z.string(),
    replicas: z.array(z.object({ replica_id: z.string(), lines: z.array(z.string()).describe('Oldest first.') })),
  })
  .meta({ id: 'ServiceLogs' });
