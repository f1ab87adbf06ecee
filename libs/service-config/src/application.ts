/**
 * One Ray Serve application: an entry point (`import_path`, or `command` for the local
 * provider), a unique route prefix, and its deployments.
 */
import { z } from 'zod';
import { deploymentListSchema } from './deployment';
import { CONFIG_LIMITS } from './defaults';
import { command, envVarName, importPath, routePrefix, serveName } from './names';

export const envVarsSchema = z
  .record(envVarName, z.string().max(32_768))
  .refine(
    (vars) => Object.keys(vars).length <= CONFIG_LIMITS.envVars,
    `at most ${CONFIG_LIMITS.envVars} variables`,
  );

export const runtimeEnvSchema = z.strictObject({
  env_vars: envVarsSchema.default({}),
});

export const applicationSchema = z
  .strictObject({
    name: serveName,
    route_prefix: routePrefix,
    command: command.optional(),
    import_path: importPath.optional(),
    // Always present after parsing, so "absent" and "{}" hash and compare the same.
    runtime_env: runtimeEnvSchema.prefault({}),
    deployments: deploymentListSchema,
  })
  .superRefine((app, ctx) => {
    // Exactly one entry point: the provider must know unambiguously what to start.
    if (app.command !== undefined && app.import_path !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['import_path'],
        message: 'set either command or import_path, not both',
      });
    } else if (app.command === undefined && app.import_path === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'an application needs a command or an import_path',
      });
    }
  });

/** Names key applications everywhere; route prefixes decide where a request goes. */
export const applicationListSchema = z
  .array(applicationSchema)
  .min(1, 'a service needs at least one application')
  .max(CONFIG_LIMITS.applications)
  .superRefine((apps, ctx) => {
    const names = new Set<string>();
    const prefixes = new Set<string>();
    apps.forEach((app, i) => {
      if (names.has(app.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `duplicate application name "${app.name}"`,
        });
      }
      if (prefixes.has(app.route_prefix)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'route_prefix'],
          message: `route_prefix "${app.route_prefix}" is already used by another application`,
        });
      }
      names.add(app.name);
      prefixes.add(app.route_prefix);
    });
  });
