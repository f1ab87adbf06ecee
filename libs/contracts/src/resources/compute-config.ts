import { z } from 'zod';
import { resourceName, timestamp, uuid } from './common';

const instanceType = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/);

export const workerGroupSchema = z
  .strictObject({
    name: resourceName,
    instance_type: instanceType,
    gpu_type: z.string().min(1).max(64).nullable().default(null),
    gpu_count: z.number().int().min(0).max(16).default(0),
    min_nodes: z.number().int().min(0).max(1000).default(0),
    max_nodes: z.number().int().min(0).max(1000),
  })
  .refine((g) => g.min_nodes <= g.max_nodes, {
    message: 'min_nodes must not exceed max_nodes',
    path: ['min_nodes'],
  })
  .refine((g) => g.gpu_count > 0 === (g.gpu_type !== null), {
    message: 'gpu_type and gpu_count > 0 go together',
    path: ['gpu_type'],
  });

export const computeConfigSchema = z
  .object({
    id: uuid,
    name: z.string(),
    version: z.number().int().describe('Each change is a new immutable version, from 1.'),
    cloud: z.string(),
    head_node: z.object({ instance_type: z.string() }),
    worker_groups: z.array(
      z.object({
        name: z.string(),
        instance_type: z.string(),
        gpu_type: z.string().nullable(),
        gpu_count: z.number().int(),
        min_nodes: z.number().int(),
        max_nodes: z.number().int(),
      }),
    ),
    created_at: timestamp,
  })
  .meta({ id: 'ComputeConfig' });

/** Creating a config whose name exists writes its next version; older versions stay as they were. */
export const createComputeConfigBody = z
  .strictObject({
    name: resourceName,
    cloud: resourceName,
    head_node: z.strictObject({ instance_type: instanceType }),
    worker_groups: z.array(workerGroupSchema).max(20).default([]),
  })
  .refine((c) => new Set(c.worker_groups.map((g) => g.name)).size === c.worker_groups.length, {
    message: 'worker group names must be unique',
    path: ['worker_groups'],
  });
export type CreateComputeConfigBody = z.infer<typeof createComputeConfigBody>;

export const computeConfigParams = z.strictObject({ compute_config: resourceName });
export const computeConfigVersionParams = z.strictObject({
  compute_config: resourceName,
  version: z.coerce.number().int().min(1),
});

const gpuSpec = z.object({ type: z.string(), count: z.number().int(), memory_gib: z.number() });

export const instanceTypeSchema = z
  .object({
    provider: z.enum(['AWS', 'GCP']),
    name: z.string(),
    family: z.string(),
    vcpus: z.number().int(),
    memory_gib: z.number(),
    gpus: gpuSpec
      .nullable()
      .describe('GPUs that come with the type (AWS g5/g6/p4d/p5, GCP g2/a2/a3).'),
    attachable_gpus: z
      .object({ type: z.string(), counts: z.array(z.number().int()), memory_gib: z.number() })
      .nullable()
      .describe('GPUs that can be attached (GCP N1 + T4), in the counts allowed.'),
  })
  .meta({ id: 'InstanceType' });

export const instanceTypesQuery = z.strictObject({ provider: z.enum(['AWS', 'GCP']).optional() });
export const instanceTypeListSchema = z
  .object({ data: z.array(instanceTypeSchema) })
  .meta({ id: 'InstanceTypeList' });
