import type { RoutingVersion } from '@switchyard/routing';
import { chooseVersion, isSplit } from './version-choice';

const version = (name: string, role: 'primary' | 'canary', weight: number): RoutingVersion => ({
  versionId: `id-${name}`,
  name,
  role,
  weight,
  deployments: [],
});
const split = (canary: number) => [
  version('v1', 'primary', 100 - canary),
  version('v2', 'canary', canary),
];
const fixed = (value: number) => () => value;

describe('chooseVersion', () => {
  it.each([
    // canary %, random value, expected version
    [10, 0, 'v1'],
    [10, 0.8999, 'v1'],
    [10, 0.9, 'v2'],
    [10, 0.9999, 'v2'],
    [0, 0.9999, 'v1'],
    [100, 0, 'v2'],
    [50, 0.4999, 'v1'],
    [50, 0.5, 'v2'],
  ])('canary at %p %%, draw %p → %s', (canary, draw, expected) => {
    const choice = chooseVersion(split(canary), {}, fixed(draw));
    expect(choice).toMatchObject({ ok: true, via: 'weight', version: { name: expected } });
  });

  it('follows the weights over many draws (seeded)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let canary = 0;
    for (let i = 0; i < 100_000; i++) {
      const c = chooseVersion(split(20), {}, random);
      if (c.ok && c.version.name === 'v2') canary++;
    }
    expect(Math.abs(canary / 100_000 - 0.2)).toBeLessThan(0.005);
  });

  it.each([
    ['primary', 'v1'],
    ['canary', 'v2'],
    ['Canary', 'v2'],
    [' v2 ', 'v2'],
    ['v1', 'v1'],
  ])('pins %p to %s, whatever the weights', (pin, expected) => {
    expect(chooseVersion(split(0), { pin }, fixed(0))).toMatchObject({
      ok: true,
      via: 'pin',
      version: { name: expected },
    });
  });

  it('names the valid versions when a pin matches none', () => {
    expect(chooseVersion(split(10), { pin: 'v9' }, fixed(0))).toEqual({
      ok: false,
      reason: 'unknown_version',
      pin: 'v9',
      valid: ['primary', 'canary', 'v1', 'v2'],
    });
    expect(chooseVersion([version('v1', 'primary', 100)], { pin: 'canary' }, fixed(0))).toEqual({
      ok: false,
      reason: 'unknown_version',
      pin: 'canary',
      valid: ['primary', 'v1'],
    });
  });

  it('keeps a sticky caller on a version that still carries traffic, else draws', () => {
    expect(chooseVersion(split(10), { stickyVersionId: 'id-v2' }, fixed(0))).toMatchObject({
      via: 'cookie',
      version: { name: 'v2' },
    });
    expect(chooseVersion(split(0), { stickyVersionId: 'id-v2' }, fixed(0))).toMatchObject({
      via: 'weight',
      version: { name: 'v1' },
    });
    expect(chooseVersion(split(10), { stickyVersionId: 'id-gone' }, fixed(0.95))).toMatchObject({
      via: 'weight',
      version: { name: 'v2' },
    });
    // A pin beats the cookie.
    expect(
      chooseVersion(split(50), { pin: 'primary', stickyVersionId: 'id-v2' }, fixed(0)),
    ).toMatchObject({
      via: 'pin',
      version: { name: 'v1' },
    });
  });

  it('has nothing to choose from an empty service', () => {
    expect(chooseVersion([], {}, fixed(0))).toEqual({ ok: false, reason: 'no_versions' });
  });

  it('tells a split from a single serving version', () => {
    expect(isSplit(split(10))).toBe(true);
    expect(isSplit(split(0))).toBe(false);
    expect(isSplit(split(100))).toBe(false);
  });
});
