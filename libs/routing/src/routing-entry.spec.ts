import { entry, sha256, version } from '../test/fixtures';
import { routingEntrySchema, type RoutingEntry } from './routing-entry';

type Case = [name: string, make: () => unknown, expectedIssue?: RegExp];
/** it.each passes `done` in place of missing trailing arguments: pad every row to three. */
const rows = (cases: Case[]) =>
  cases.map(([name, make, issue]) => [name, make, issue ?? null] as const);

const valid: Case[] = [
  ['primary only', () => entry('s1', 1)],
  ['primary + canary', () => entry('s1', 1, 10)],
  ['canary at 0 % (reachable by pinning only)', () => entry('s1', 1, 0)],
  ['canary at 100 % just before promotion', () => entry('s1', 1, 100)],
  ['no versions (nothing to route to yet)', () => ({ ...entry('s1', 1), versions: [] })],
  [
    'two token hashes during a rotation',
    () => ({ ...entry('s1', 1), auth: { enabled: true, tokenHashes: [sha256('a'), sha256('b')] } }),
  ],
  [
    'auth disabled, no hashes',
    () => ({ ...entry('s1', 1), auth: { enabled: false, tokenHashes: [] } }),
  ],
  ['unknown extra field (newer writer)', () => ({ ...entry('s1', 1), futureField: 1 })],
  ['per-service request timeout', () => ({ ...entry('s1', 1), requestTimeoutS: 30 })],
  ['fractional request timeout', () => ({ ...entry('s1', 1), requestTimeoutS: 0.5 })],
  ['sticky versions on', () => ({ ...entry('s1', 1, 10), stickyVersions: true })],
  ['sticky versions off', () => ({ ...entry('s1', 1, 10), stickyVersions: false })],
  [
    'draining, not ready replica',
    () => {
      const e = entry('s1', 1);
      e.versions[0]!.deployments[0]!.replicas[0] = {
        replicaId: 'x',
        endpoint: 'http://10.0.0.1:8000',
        ready: false,
        draining: true,
      };
      return e;
    },
  ],
];

const withVersions = (...versions: RoutingEntry['versions']) => ({ ...entry('s1', 1), versions });
const invalid: Case[] = [
  [
    'weights sum to 90',
    () => withVersions(version('v1', 'primary', 80), version('v2', 'canary', 10)),
    /sum to 90/,
  ],
  [
    'weights sum to 110',
    () => withVersions(version('v1', 'primary', 100), version('v2', 'canary', 10)),
    /sum to 110/,
  ],
  ['single version below 100', () => withVersions(version('v1', 'primary', 99)), /sum to 99/],
  [
    'duplicate version names',
    () =>
      withVersions(version('v1', 'primary', 50), {
        ...version('v1', 'canary', 50),
        versionId: 'other',
      }),
    /duplicate version name/,
  ],
  [
    'duplicate roles',
    () => withVersions(version('v1', 'primary', 50), version('v2', 'primary', 50)),
    /duplicate version role/,
  ],
  ['a lone canary', () => withVersions(version('v2', 'canary', 100)), /needs a primary/],
  [
    'three versions',
    () =>
      withVersions(
        version('a', 'primary', 50),
        version('b', 'canary', 25),
        version('c', 'canary', 25),
      ),
  ],
  [
    'fractional weight',
    () => withVersions(version('v1', 'primary', 50.5), version('v2', 'canary', 49.5)),
  ],
  [
    'negative weight',
    () => withVersions(version('v1', 'primary', 110), version('v2', 'canary', -10)),
  ],
  [
    'slug not <service>--<project>',
    () => ({ ...entry('s1', 1), endpointSlug: 'proj--svc-s1' }),
    /endpointSlug/,
  ],
  ['name containing "--"', () => entry('s1', 1, null, { service: 'a--b' })],
  ['upper-case name', () => entry('s1', 1, null, { project: 'Proj' })],
  [
    'token hash not sha256 hex',
    () => ({ ...entry('s1', 1), auth: { enabled: true, tokenHashes: ['abc'] } }),
  ],
  [
    'upper-case token hash',
    () => ({
      ...entry('s1', 1),
      auth: { enabled: true, tokenHashes: [sha256('a').toUpperCase()] },
    }),
  ],
  [
    'three token hashes',
    () => ({
      ...entry('s1', 1),
      auth: { enabled: true, tokenHashes: [sha256('a'), sha256('b'), sha256('c')] },
    }),
  ],
  [
    'duplicate token hashes',
    () => ({ ...entry('s1', 1), auth: { enabled: true, tokenHashes: [sha256('a'), sha256('a')] } }),
    /duplicate token hash/,
  ],
  ['request timeout 0', () => ({ ...entry('s1', 1), requestTimeoutS: 0 })],
  ['negative request timeout', () => ({ ...entry('s1', 1), requestTimeoutS: -1 })],
  ['request timeout above an hour', () => ({ ...entry('s1', 1), requestTimeoutS: 3601 })],
  ['request timeout as a string', () => ({ ...entry('s1', 1), requestTimeoutS: '30' })],
  ['stickyVersions not a boolean', () => ({ ...entry('s1', 1), stickyVersions: 'yes' })],
  ['negative revision', () => entry('s1', -1)],
  ['fractional revision', () => entry('s1', 1.5)],
  [
    'missing updatedAt',
    () => {
      const { updatedAt: _u, ...rest } = entry('s1', 1);
      return rest;
    },
  ],
  [
    'replica endpoint not http(s)',
    () => {
      const e = entry('s1', 1);
      e.versions[0]!.deployments[0]!.replicas[0]!.endpoint = 'tcp://127.0.0.1:1';
      return e;
    },
  ],
  [
    'duplicate replica ids in a version',
    () => {
      const e = entry('s1', 1);
      e.versions[0]!.deployments[0]!.replicas[1]!.replicaId =
        e.versions[0]!.deployments[0]!.replicas[0]!.replicaId;
      return e;
    },
    /duplicate replica/,
  ],
  [
    'maxOngoingRequests 0',
    () => {
      const e = entry('s1', 1);
      e.versions[0]!.deployments[0]!.maxOngoingRequests = 0;
      return e;
    },
  ],
  [
    'two applications on one route prefix',
    () => {
      const e = entry('s1', 1);
      const d = e.versions[0]!.deployments[0]!;
      e.versions[0]!.deployments.push({ ...d, application: 'other' });
      return e;
    },
    /used by applications/,
  ],
  [
    'duplicate deployment',
    () => {
      const e = entry('s1', 1);
      const d = e.versions[0]!.deployments[0]!;
      e.versions[0]!.deployments.push({ ...d, replicas: [] });
      return e;
    },
    /duplicate deployment/,
  ],
];

describe('routingEntrySchema', () => {
  it.each(rows(valid))('accepts: %s', (_name, make) => {
    const result = routingEntrySchema.safeParse(make());
    expect(result.error?.issues).toBeUndefined();
  });

  it.each(rows(invalid))('rejects: %s', (_name, make, expectedIssue) => {
    const result = routingEntrySchema.safeParse(make());
    expect(result.success).toBe(false);
    if (expectedIssue) {
      const messages = result
        .error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('\n');
      expect(messages).toMatch(expectedIssue);
    }
  });

  it('keeps the optional fields absent when an older writer omits them', () => {
    const parsed = routingEntrySchema.parse(entry('s1', 1));
    expect(parsed).not.toHaveProperty('requestTimeoutS');
    expect(parsed).not.toHaveProperty('stickyVersions');
    const newer = routingEntrySchema.parse({
      ...entry('s1', 1),
      requestTimeoutS: 12,
      stickyVersions: true,
    });
    expect(newer).toMatchObject({ requestTimeoutS: 12, stickyVersions: true });
  });

  it('strips unknown keys instead of passing them on', () => {
    const parsed = routingEntrySchema.parse({ ...entry('s1', 1), futureField: 1 });
    expect(parsed).not.toHaveProperty('futureField');
  });
});
