import type { DeepReadonly, RoutingVersion } from '@switchyard/routing';

type Version = DeepReadonly<RoutingVersion>;

/** `X-Switchyard-Version: primary | canary | <version name>` pins a request. */
export const VERSION_HEADER = 'x-switchyard-version';

export type VersionChoice =
  | { ok: true; version: Version; via: 'pin' | 'cookie' | 'weight' }
  | { ok: false; reason: 'no_versions' }
  | { ok: false; reason: 'unknown_version'; pin: string; valid: string[] };

export interface VersionRequest {
  /** The `X-Switchyard-Version` header, if any. */
  pin?: string | undefined;
  /** The versionId from the sticky cookie, if any. */
  stickyVersionId?: string | undefined;
}

/**
 * Which version serves a request. Pure: the randomness comes in as an argument.
 *
 * 1. A pin wins: `primary`/`canary` (any case) name a role, anything else a version name;
 *    pinning works at any weight, 0 % included (a canary at 0 % is reachable by pinning only).
 *    A pin to nothing that exists is an error that lists what does.
 * 2. A sticky cookie naming a version that still carries traffic (weight > 0) keeps the caller
 *    there. A cookie for a version at 0 % or gone is ignored: that version is leaving.
 * 3. Otherwise a weighted draw: `random()` in [0, 1) scaled to the weights (which sum to 100).
 */
export function chooseVersion(
  versions: readonly Version[],
  request: VersionRequest,
  random: () => number,
): VersionChoice {
  if (versions.length === 0) return { ok: false, reason: 'no_versions' };

  const pin = request.pin?.trim();
  if (pin) {
    const role = pin.toLowerCase();
    const pinned =
      role === 'primary' || role === 'canary'
        ? versions.find((v) => v.role === role)
        : versions.find((v) => v.name === pin);
    if (pinned) return { ok: true, version: pinned, via: 'pin' };
    const roles = (['primary', 'canary'] as const).filter((r) =>
      versions.some((v) => v.role === r),
    );
    const valid = [...roles, ...versions.map((v) => v.name)];
    return { ok: false, reason: 'unknown_version', pin, valid };
  }

  if (request.stickyVersionId) {
    const sticky = versions.find((v) => v.versionId === request.stickyVersionId && v.weight > 0);
    if (sticky) return { ok: true, version: sticky, via: 'cookie' };
  }

  let draw = random() * 100;
  let last: Version | undefined;
  for (const version of versions) {
    if (version.weight <= 0) continue;
    if (draw < version.weight) return { ok: true, version, via: 'weight' };
    draw -= version.weight;
    last = version;
  }
  // Only reachable through float rounding at the very top of the range.
  return { ok: true, version: last ?? versions[0]!, via: 'weight' };
}

/** True while unpinned traffic is split over more than one version. */
export function isSplit(versions: readonly Version[]): boolean {
  let carrying = 0;
  for (const v of versions) if (v.weight > 0) carrying++;
  return carrying > 1;
}
