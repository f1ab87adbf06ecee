/**
 * Names for the API's shapes, taken from the generated OpenAPI types (never restated by hand):
 * when the API changes, `npm run openapi:generate` updates them and the compiler shows what broke.
 */
import type { components, paths } from '../generated/api-types';

type Schemas = components['schemas'];

export type ApiPaths = paths;
export type Service = Schemas['Service'];
export type VersionSummary = Schemas['VersionSummary'];
export type Rollout = Schemas['Rollout'];
export type RolloutDetail = Schemas['RolloutDetail'];
export type RolloutEvent = Schemas['RolloutEvent'];
export type DeployResult = Schemas['DeployResult'];
export type Project = Schemas['Project'];
export type ApiToken = Schemas['ApiToken'];
export type CreatedApiToken = Schemas['CreatedApiToken'];
export type Me = Schemas['Me'];
export type QueryTokenRotation = Schemas['QueryTokenRotation'];
export type CommandAccepted = Schemas['CommandAccepted'];
export type ApiErrorBody = Schemas['Error'];
export type ApiErrorCode = ApiErrorBody['error']['code'];
export type ServiceState = Service['state'];
export type RolloutState = Rollout['state'];
export type TokenScope = ApiToken['scopes'][number];
export type DeployBody =
  paths['/v1/projects/{project}/services/{service}/deploy']['post']['requestBody']['content']['application/json'];
export type DeployConfig = DeployBody['config'];
