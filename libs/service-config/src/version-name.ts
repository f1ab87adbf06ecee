/** Version names: the config's `version_name`, or the next `v<N>` for this service. */
import type { ServiceConfig } from './schema';

/**
 * `v<N>` with N one above the highest `v<N>` already used (not the lowest gap), so names never
 * come back after a version is deleted and read in deploy order. An explicit `version_name`
 * is returned as is; refusing a duplicate is the caller's decision (it owns the uniqueness).
 */
export function versionNameFor(
  config: Pick<ServiceConfig, 'version_name'>,
  existingNames: Iterable<string>,
): string {
  if (config.version_name !== undefined) return config.version_name;
  let highest = 0;
  for (const name of existingNames) {
    const match = /^v([1-9][0-9]*)$/.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `v${highest + 1}`;
}
