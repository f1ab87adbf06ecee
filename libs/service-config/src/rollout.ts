/**
 * `rollout`: how an update of this service is rolled out. Only the schedule and timings live
 * in the config; `canary_percent`, `max_surge_percent` and `in_place` are per-deploy options.
 */
import { z } from 'zod';
import { CONFIG_DEFAULTS, CONFIG_LIMITS } from './defaults';

export const scheduleStepSchema = z.strictObject({
  percent: z.number().int().min(1).max(100),
  hold_s: z.number().finite().min(0),
});

export const scheduleSchema = z
  .array(scheduleStepSchema)
  .min(1)
  .max(CONFIG_LIMITS.scheduleSteps)
  .superRefine((steps, ctx) => {
    steps.forEach((step, i) => {
      const previous = steps[i - 1];
      if (previous && step.percent <= previous.percent) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'percent'],
          message: `percent must increase step by step (${step.percent} after ${previous.percent})`,
        });
      }
    });
    // A schedule that stops short of 100 % would never finish the rollout.
    const last = steps[steps.length - 1];
    if (last && last.percent !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: [steps.length - 1, 'percent'],
        message: 'the last step must be 100',
      });
    }
  });

export const rolloutConfigSchema = z
  .strictObject({
    /** Absent: the engine's default schedule (5, 10, 20, 30, 50, 75, 100 %). */
    schedule: scheduleSchema.optional(),
    /**
     * The hold of each step of the default schedule (absent: 20 s, i.e. six holds ≈ 2 minutes).
     * A listed `schedule` gives each step its own `hold_s` instead.
     */
    hold_s: z.number().finite().min(0).optional(),
    timeout_s: z.number().finite().min(10).default(CONFIG_DEFAULTS.rollout.timeout_s),
    health_failure_threshold: z
      .number()
      .int()
      .min(1)
      .default(CONFIG_DEFAULTS.rollout.health_failure_threshold),
    drain_s: z.number().finite().min(0).default(CONFIG_DEFAULTS.rollout.drain_s),
  })
  .superRefine((rollout, ctx) => {
    if (rollout.schedule !== undefined && rollout.hold_s !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hold_s'],
        message:
          'applies to the default schedule only; with a listed schedule give each step its hold_s',
      });
    }
  });
