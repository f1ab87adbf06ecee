/**
 * @switchyard/service-config — the service config: schema, parsing with located errors, and
 * the pure derivations the API and engine need.
 *
 *   const result = parseServiceConfig(text, { fileName: 'svc.yaml' });
 *   if (!result.ok) console.error(formatConfigErrors(result.errors, 'svc.yaml'));
 *   else toVersionSpec(result.config, versionId);
 */
export { serviceConfigSchema } from './schema';
export type {
  ServiceConfig,
  ServiceConfigInput,
  ApplicationConfig,
  DeploymentConfig,
  AutoscalingConfig,
  RolloutConfig,
} from './schema';
export { CONFIG_DEFAULTS, CONFIG_LIMITS, defaultInitialReplicas } from './defaults';
export { parseServiceConfig, validateServiceConfig } from './parse';
export type { ConfigFormat, ParseOptions, ServiceConfigResult } from './parse';
export { formatConfigErrors, prefixConfigErrors } from './errors';
export type { ConfigError } from './errors';
export { canonicalConfigJson, configHash } from './canonical';
export { toVersionSpec, toRolloutSettings } from './version-spec';
export type { RolloutSettings } from './version-spec';
export { toApplicationRuntimeSpecs, applicationEnv } from './runtime-spec';
export { toComputeSpec } from './compute-spec';
export type { StoredCompute } from './compute-spec';
export { toInPlaceInput } from './in-place';
export { versionNameFor } from './version-name';
