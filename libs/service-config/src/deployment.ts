/**
 * One Ray Serve deployment: its replica shape (static `num_replicas` or `autoscaling_config`),
 * request concurrency, health checks and per-replica resources. Field names and defaults
 * follow Ray Serve's deployment config so an existing `serve build` output reads naturally.
 */
import { z } from 'zod';
import { CONFIG_DEFAULTS, CONFIG_LIMITS, defaultInitialReplicas } from './defaults';
import { routePrefix, serveName } from './names';

const replicaCount = z.number().int().max(CONFIG_LIMITS.replicas);
const seconds = z.number().finite().min(0);

export const autoscalingConfigSchema = z
  .strictObject({
    min_replicas: replicaCount.min(0),
    initial_replicas: replicaCount.min(0).optional(),
    max_replicas: replicaCount.min(1),
    target_ongoing_requests: z
      .number()
      .finite()
      .positive()
      .default(CONFIG_DEFAULTS.autoscaling.target_ongoing_requests),
    upscale_delay_s: seconds.default(CONFIG_DEFAULTS.autoscaling.upscale_delay_s),
    downscale_delay_s: seconds.default(CONFIG_DEFAULTS.autoscaling.downscale_delay_s),
  })
  .superRefine((a, ctx) => {
    if (a.min_replicas > a.max_replicas) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_replicas'],
        message: `max_replicas (${a.max_replicas}) must be ≥ min_replicas (${a.min_replicas})`,
      });
      return;
    }
    const initial = a.initial_replicas;
    if (initial !== undefined && (initial < a.min_replicas || initial > a.max_replicas)) {
      ctx.addIssue({
        code: 'custom',
        path: ['initial_replicas'],
        message: `initial_replicas (${initial}) must be between min_replicas (${a.min_replicas}) and max_replicas (${a.max_replicas})`,
      });
    }
  })
  // Filled here rather than by the engine so the stored config (and its hash) is explicit.
  .transform((a) => ({
    ...a,
    initial_replicas: a.initial_replicas ?? defaultInitialReplicas(a.min_replicas),
  }));

/** Ray Serve's `ray_actor_options`, reduced to what a provider can schedule on. */
export const rayActorOptionsSchema = z.strictObject({
  num_cpus: z.number().finite().min(0).optional(),
  num_gpus: z.number().finite().min(0).optional(),
  memory_mb: z.number().int().min(1).optional(),
});

export const deploymentSchema = z
  .strictObject({
    name: serveName,
    num_replicas: replicaCount.min(1).optional(),
    autoscaling_config: autoscalingConfigSchema.optional(),
    max_ongoing_requests: z
      .number()
      .int()
      .min(1)
      .max(CONFIG_LIMITS.maxOngoingRequests)
      .default(CONFIG_DEFAULTS.max_ongoing_requests),
    // Flat `health_check_*` fields as in Ray Serve, and as `classifyInPlaceChange` expects
    // (every `health_check*` field is a lightweight in-place change).
    health_check_path: routePrefix.default(CONFIG_DEFAULTS.health_check_path),
    health_check_period_s: z
      .number()
      .finite()
      .positive()
      .default(CONFIG_DEFAULTS.health_check_period_s),
    health_check_timeout_s: z
      .number()
      .finite()
      .positive()
      .default(CONFIG_DEFAULTS.health_check_timeout_s),
    graceful_shutdown_timeout_s: seconds.default(CONFIG_DEFAULTS.graceful_shutdown_timeout_s),
    // Always present after parsing, so "absent" and "{}" hash and compare the same.
    ray_actor_options: rayActorOptionsSchema.prefault({}),
  })
  .superRefine((d, ctx) => {
    if (d.num_replicas !== undefined && d.autoscaling_config !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['autoscaling_config'],
        message: 'set either num_replicas or autoscaling_config, not both',
      });
    }
  })
  .transform((d) =>
    d.autoscaling_config !== undefined
      ? d
      : { ...d, num_replicas: d.num_replicas ?? CONFIG_DEFAULTS.num_replicas },
  );

/** Deployment names are unique within their application (they key replicas and targets). */
export const deploymentListSchema = z
  .array(deploymentSchema)
  .min(1, 'an application needs at least one deployment')
  .max(CONFIG_LIMITS.deploymentsPerApplication)
  .superRefine((deployments, ctx) => {
    const seen = new Set<string>();
    deployments.forEach((d, i) => {
      if (seen.has(d.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `duplicate deployment name "${d.name}"`,
        });
      }
      seen.add(d.name);
    });
  });
