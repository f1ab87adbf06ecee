/**
 * The service config, close to Anyscale's: snake_case keys, strict objects (an unknown key is
 * an error, so a typo never silently falls back to a default).
 */
import { z } from 'zod';
import { applicationListSchema, envVarsSchema } from './application';
import { computeConfigField } from './compute-config';
import { CONFIG_DEFAULTS } from './defaults';
import { gatewaySettingsFields } from './gateway-settings';
import { imageUri, projectName, resourceName, serviceName, versionName } from './names';
import { rolloutConfigSchema } from './rollout';

// No `.meta({ id })` here: the contract that embeds this schema decides how it is published.
export const serviceConfigSchema = z.strictObject({
  name: serviceName,
  version_name: versionName.optional(),
  project: projectName.optional(),
  /** Absent: the API resolves the organization's default cloud. */
  cloud: resourceName.optional(),
  compute_config: computeConfigField.optional(),
  image_uri: imageUri.optional(),
  env_vars: envVarsSchema.default({}),
  query_auth_token_enabled: z.boolean().default(CONFIG_DEFAULTS.query_auth_token_enabled),
  ...gatewaySettingsFields,
  applications: applicationListSchema,
  // Always present after parsing: the defaults are part of what was deployed.
  rollout: rolloutConfigSchema.prefault({}),
});

/** A parsed config: every default filled in. */
export type ServiceConfig = z.output<typeof serviceConfigSchema>;
/** What a user may write: defaults optional. */
export type ServiceConfigInput = z.input<typeof serviceConfigSchema>;
export type ApplicationConfig = ServiceConfig['applications'][number];
export type DeploymentConfig = ApplicationConfig['deployments'][number];
export type AutoscalingConfig = NonNullable<DeploymentConfig['autoscaling_config']>;
export type RolloutConfig = ServiceConfig['rollout'];
