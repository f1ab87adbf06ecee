import { buildInvoice } from './invoice';
import { daySegments, meter, type MeteredNode } from './metering';
import { PRICE_CATALOG, type PriceCatalog } from './price-catalog';
import { groupUsage, usageCsv } from './usage-report';

const at = (iso: string) => Date.parse(iso);
const node = (
  id: string,
  instanceType: string,
  start: string,
  stop: string | null,
  extra: Partial<MeteredNode> = {},
): MeteredNode => ({
  nodeId: id,
  orgId: 'org',
  projectId: 'prj',
  serviceId: 'svc',
  instanceType,
  gpuType: null,
  gpuCount: 0,
  startedAt: at(start),
  stoppedAt: stop === null ? null : at(stop),
  ...extra,
});

describe('daySegments: whole seconds per UTC day', () => {
  it.each([
    ['inside one day', '2026-03-10T10:00:00Z', '2026-03-10T10:00:42Z', [['2026-03-10', 42]]],
    [
      'across midnight',
      '2026-01-31T23:59:30.700Z',
      '2026-02-01T00:00:10.200Z',
      [
        ['2026-01-31', 30],
        ['2026-02-01', 10],
      ],
    ],
    [
      'a whole day and a bit',
      '2026-02-27T12:00:00Z',
      '2026-03-01T00:00:01Z',
      [
        ['2026-02-27', 43200],
        ['2026-02-28', 86400],
        ['2026-03-01', 1],
      ],
    ],
    [
      'leap day',
      '2028-02-29T23:00:00Z',
      '2028-03-01T01:00:00Z',
      [
        ['2028-02-29', 3600],
        ['2028-03-01', 3600],
      ],
    ],
    ['under a second', '2026-03-10T10:00:00.100Z', '2026-03-10T10:00:00.900Z', []],
    [
      'new year',
      '2026-12-31T23:00:00Z',
      '2027-01-01T00:30:00Z',
      [
        ['2026-12-31', 3600],
        ['2027-01-01', 1800],
      ],
    ],
  ])('%s', (_name, start, stop, expected) => {
    expect(daySegments(at(start), at(stop)).map((s) => [s.day, s.seconds])).toEqual(expected);
  });
});

describe('meter: usage exact to the micro, invoices exact to the cent', () => {
  // A g5.xlarge ($1.006/h) from 22:00 on Jan 31 to 02:30 on Feb 1: 2 h in January, 2.5 h in February.
  const g5 = node('n1', 'g5.xlarge', '2026-01-31T22:00:00Z', '2026-02-01T02:30:00Z');
  // An n1-standard-8 ($0.38/h) with 2 attached T4s ($0.35/h each): $1.08/h, 90 minutes on Feb 1.
  const n1t4 = node('n2', 'n1-standard-8', '2026-02-01T10:00:00Z', '2026-02-01T11:30:00Z', {
    gpuType: 'T4',
    gpuCount: 2,
    serviceId: 'svc-b',
  });
  const until = at('2026-02-02T00:00:00Z');

  it('splits a lifetime across a day and a month boundary and prices each day', () => {
    const { rows, unpriced } = meter([g5, n1t4], PRICE_CATALOG, until);
    expect(unpriced).toEqual([]);
    expect(rows.map((r) => [r.day, r.serviceId, r.instanceType, r.seconds, r.cost])).toEqual([
      ['2026-01-31', 'svc', 'g5.xlarge', 7200, 2_012_000],
      ['2026-02-01', 'svc', 'g5.xlarge', 9000, 2_515_000],
      ['2026-02-01', 'svc-b', 'n1-standard-8', 5400, 1_620_000],
    ]);
    expect(buildInvoice('org', '2026-01', rows)).toMatchObject({
      subtotal: 2_012_000,
      totalCents: 201,
    });
    const february = buildInvoice('org', '2026-02', rows);
    expect(february.lines.map((l) => [l.serviceId, l.seconds, l.amount])).toEqual([
      ['svc', 9000, 2_515_000],
      ['svc-b', 5400, 1_620_000],
    ]);
    expect(february).toMatchObject({ subtotal: 4_135_000, totalCents: 414 }); // $4.135 → $4.14 (half up)
  });

  it('meters a running node up to `until`, and no further once it has stopped', () => {
    const running = node('n3', 'm6i.large', '2026-02-01T23:00:00Z', null);
    expect(
      meter([running], PRICE_CATALOG, until).rows.map((r) => [r.day, r.seconds, r.cost]),
    ).toEqual([['2026-02-01', 3600, 96_000]]);
    expect(
      meter([g5], PRICE_CATALOG, at('2026-03-01T00:00:00Z')).rows.reduce(
        (s, r) => s + r.seconds,
        0,
      ),
    ).toBe(16200);
  });

  it('is idempotent and independent of order: metering the same nodes again gives the same rows', () => {
    const nodes = [
      g5,
      n1t4,
      node('n4', 'g5.xlarge', '2026-01-31T23:59:59.999Z', '2026-02-01T00:00:01Z'),
    ];
    const first = meter(nodes, PRICE_CATALOG, until);
    expect(meter([...nodes].reverse(), PRICE_CATALOG, until)).toEqual(first);
    expect(meter(nodes, PRICE_CATALOG, until)).toEqual(first);
  });

  it('reports time on unknown types as unpriced instead of billing it as free', () => {
    const { rows, unpriced } = meter(
      [node('n5', 'x9.huge', '2026-02-01T00:00:00Z', '2026-02-01T00:01:00Z')],
      PRICE_CATALOG,
      until,
    );
    expect(rows).toEqual([]);
    expect(unpriced).toEqual([
      {
        nodeId: 'n5',
        instanceType: 'x9.huge',
        day: '2026-02-01',
        seconds: 60,
        reason: expect.stringContaining('x9.huge'),
      },
    ]);
  });

  it('local processes are metered (their time is recorded) at no cost', () => {
    const { rows } = meter(
      [node('n6', 'local', '2026-02-01T00:00:00Z', '2026-02-01T01:00:00Z')],
      PRICE_CATALOG,
      until,
    );
    expect(rows.map((r) => [r.seconds, r.cost])).toEqual([[3600, 0]]);
  });

  it('applies the catalog version in force on each day (dated prices)', () => {
    const catalog: PriceCatalog = {
      versions: [
        { effectiveFrom: '2026-01-01', source: 'old', instances: { t: '1' }, attachedGpus: {} },
        { effectiveFrom: '2026-02-01', source: 'new', instances: { t: '2' }, attachedGpus: {} },
      ],
    };
    const { rows } = meter(
      [node('n7', 't', '2026-01-31T23:00:00Z', '2026-02-01T01:00:00Z')],
      catalog,
      until,
    );
    expect(rows.map((r) => [r.day, r.cost])).toEqual([
      ['2026-01-31', 1_000_000],
      ['2026-02-01', 2_000_000],
    ]);
  });

  it('groups usage by project, service, instance type or day, and exports CSV', () => {
    const { rows } = meter([g5, n1t4], PRICE_CATALOG, until);
    expect(groupUsage(rows, 'service').map((g) => [g.key, g.seconds, g.cost])).toEqual([
      ['svc', 16200, 4_527_000],
      ['svc-b', 5400, 1_620_000],
    ]);
    expect(groupUsage(rows, 'day').map((g) => g.key)).toEqual(['2026-01-31', '2026-02-01']);
    expect(usageCsv(groupUsage(rows, 'instance_type'), 'instance_type')).toBe(
      'instance_type,seconds,hours,cost_usd\ng5.xlarge,16200,4.500000,4.527000\nn1-standard-8,5400,1.500000,1.620000\n',
    );
  });
});
