/**
 * The service config a deploy sends: the file parsed and validated with its own rules
 * (errors as `svc.yaml:12:7: applications[0].name: …`), then the command-line overrides
 * (-n, --version-name, --cloud, --project, --env) applied and validated again, an override's
 * error naming its flag. Everything here happens before any request, so a bad file is exit 2
 * with nothing sent.
 */
import { parse as parseYaml } from 'yaml';
import {
  formatConfigErrors,
  parseServiceConfig,
  validateServiceConfig,
  type ConfigError,
} from '@switchyard/service-config';
import type { DeployConfig } from '../api/types';

export interface ConfigOverrides {
  name?: string;
  versionName?: string;
  cloud?: string;
  project?: string;
  env: Record<string, string>;
}

export type LoadedConfig = { ok: true; config: DeployConfig } | { ok: false; problems: string[] };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The config path each override replaces, with the flag that set it (the same spelling as the library's paths). */
function overriddenPaths(overrides: ConfigOverrides): Map<string, string> {
  const paths = new Map<string, string>();
  if (overrides.name !== undefined) paths.set('name', '-n/--name');
  if (overrides.versionName !== undefined) paths.set('version_name', '--version-name');
  if (overrides.cloud !== undefined) paths.set('cloud', '--cloud');
  if (overrides.project !== undefined) paths.set('project', '--project');
  for (const key of Object.keys(overrides.env)) {
    paths.set(
      IDENTIFIER.test(key) ? `env_vars.${key}` : `env_vars[${JSON.stringify(key)}]`,
      '--env',
    );
  }
  return paths;
}

export function loadDeployConfig(
  text: string,
  fileName: string,
  overrides: ConfigOverrides,
): LoadedConfig {
  const flags = overriddenPaths(overrides);
  const parsed = parseServiceConfig(text, { fileName });
  if (!parsed.ok) {
    // A problem in a field the command line replaces (e.g. no `name:` but -n given) is not one.
    const remaining = parsed.errors.filter((e) => !flags.has(e.path));
    if (remaining.length > 0)
      return { ok: false, problems: formatConfigErrors(remaining, fileName).split('\n') };
  }
  // The file parsed (or failed only where overridden): send what the user wrote, plus the
  // overrides, and let the API fill defaults exactly as it would for any client.
  const document = parseYaml(text, { maxAliasCount: 100 }) as Record<string, unknown>;
  const config: Record<string, unknown> = { ...document };
  if (overrides.name !== undefined) config.name = overrides.name;
  if (overrides.versionName !== undefined) config.version_name = overrides.versionName;
  if (overrides.cloud !== undefined) config.cloud = overrides.cloud;
  if (overrides.project !== undefined) config.project = overrides.project;
  if (Object.keys(overrides.env).length > 0) {
    const fileEnv =
      document.env_vars && typeof document.env_vars === 'object' ? document.env_vars : {};
    config.env_vars = { ...fileEnv, ...overrides.env };
  }
  const validated = validateServiceConfig(config);
  if (!validated.ok)
    return {
      ok: false,
      problems: validated.errors.map((e) => describeOverrideError(e, fileName, flags)),
    };
  return { ok: true, config: config as DeployConfig };
}

function describeOverrideError(
  error: ConfigError,
  fileName: string,
  flags: Map<string, string>,
): string {
  const flag = flags.get(error.path);
  return flag ? `${flag}: ${error.path}: ${error.message}` : formatConfigErrors([error], fileName);
}
