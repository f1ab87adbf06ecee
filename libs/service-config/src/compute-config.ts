/**
 * `compute_config`: a reference to a stored compute config (`name` = latest version,
 * `name:3` = version 3) or an inline definition, as Anyscale's service config allows.
 * Inline definitions use the same rules as `POST /compute-configs`.
 */
import { z } from 'zod';
import { CONFIG_LIMITS } from './defaults';
import { resourceName } from './names';

const instanceType = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "-" and "_"');

export const computeConfigRef = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}(:[1-9][0-9]*)?$/,
    'a compute config name, optionally with a version ("gpu-pool" or "gpu-pool:3")',
  );

export const workerGroupSchema = z
  .strictObject({
    name: resourceName,
    instance_type: instanceType,
    gpu_type: z.string().min(1).max(64).optional(),
    gpu_count: z.number().int().min(0).max(16).optional(),
    min_nodes: z.number().int().min(0).max(1000).optional(),
    max_nodes: z.number().int().min(0).max(1000),
  })
  .superRefine((group, ctx) => {
    if ((group.min_nodes ?? 0) > group.max_nodes) {
      ctx.addIssue({
        code: 'custom',
        path: ['min_nodes'],
        message: 'min_nodes must not exceed max_nodes',
      });
    }
    // A GPU count without a type (or the reverse) cannot be scheduled onto any instance.
    if ((group.gpu_count ?? 0) > 0 && group.gpu_type === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['gpu_type'],
        message: 'gpu_type is required when gpu_count > 0',
      });
    }
  });

export const inlineComputeConfigSchema = z
  .strictObject({
    head_node: z.strictObject({ instance_type: instanceType }),
    worker_groups: z.array(workerGroupSchema).max(CONFIG_LIMITS.workerGroups).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.worker_groups.forEach((group, i) => {
      if (seen.has(group.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['worker_groups', i, 'name'],
          message: `duplicate worker group name "${group.name}"`,
        });
      }
      seen.add(group.name);
    });
  });

/** Which branch applies is decided by the value's type (string vs mapping), see `errors.ts`. */
export const computeConfigField = z.union([computeConfigRef, inlineComputeConfigSchema]);
