import { PRICE_CATALOG } from '@switchyard/billing';
import { nodeUsage, planUsageWrites, type NodeDay } from './usage-plan';

const day = (d: string, seconds: number, costMicros: number): NodeDay => ({
  day: d,
  seconds,
  costMicros,
  priceCatalogDate: '2025-01-01',
});

describe('usage plan', () => {
  it('derives a node’s days across a month boundary, priced per day', () => {
    const usage = nodeUsage(
      {
        nodeId: 'n1',
        orgId: 'o',
        projectId: 'p',
        serviceId: 's',
        instanceType: 'g5.xlarge',
        gpuType: 'A10G',
        gpuCount: 1,
        startedAt: Date.parse('2026-01-31T22:00:00Z'),
        stoppedAt: Date.parse('2026-02-01T02:30:00Z'),
      },
      PRICE_CATALOG,
      Date.parse('2026-03-01T00:00:00Z'),
    );
    // $1.006/h: 2 h on Jan 31, 2.5 h on Feb 1.
    expect(usage).toEqual({
      days: [day('2026-01-31', 7200, 2_012_000), day('2026-02-01', 9000, 2_515_000)],
      unpriced: [],
    });
  });

  it('writes only the days that differ, and deletes days a node no longer has', () => {
    const recorded = [day('2026-01-31', 7200, 2_012_000), day('2026-02-02', 10, 3)];
    const derived = [day('2026-01-31', 7200, 2_012_000), day('2026-02-01', 60, 16_767)];
    expect(planUsageWrites(derived, recorded)).toEqual({
      upserts: [day('2026-02-01', 60, 16_767)],
      deletes: ['2026-02-02'],
    });
    expect(planUsageWrites(derived, derived)).toEqual({ upserts: [], deletes: [] });
  });
});
