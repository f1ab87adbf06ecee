import { estimateRollout, hourlyCostAt, type VersionShape } from './estimate';
import { nodesFor, type ComputeShape } from './footprint';
import { PRICE_CATALOG } from './price-catalog';
import { quotaViolations } from './quota';

const DAY = '2026-02-01';
const compute: ComputeShape = {
  headNode: { instanceType: 'm6i.large' },
  workerGroups: [
    {
      name: 'cpu',
      instanceType: 'm6i.xlarge',
      gpuType: null,
      gpuCount: 0,
      minNodes: 1,
      maxNodes: 10,
    },
    {
      name: 'gpu',
      instanceType: 'g5.12xlarge',
      gpuType: 'A10G',
      gpuCount: 4,
      minNodes: 0,
      maxNodes: 3,
    },
  ],
};

describe('nodesFor: the providers’ packing rule', () => {
  it('packs the doc example: 9 CPU replicas and 3 one-GPU replicas', () => {
    expect(
      nodesFor(compute, [
        { replicas: 9, gpus: 0 },
        { replicas: 3, gpus: 1 },
      ]).map((n) => `${n.role}:${n.instanceType}×${n.count}`),
    ).toEqual(['HEAD:m6i.large×1', 'WORKER:m6i.xlarge×3', 'WORKER:g5.12xlarge×1']);
  });

  it.each([
    [{ replicas: 13, gpus: 1 }, 3], // 13 / 4 → 4, clamped to max 3
    [{ replicas: 4, gpus: 2 }, 2], // 2 per node
    [{ replicas: 0, gpus: 1 }, 0], // min 0
  ])('GPU deployment %j → %i GPU nodes', (load, gpuNodes) => {
    const nodes = nodesFor(compute, [load]);
    expect(nodes.find((n) => n.instanceType === 'g5.12xlarge')?.count ?? 0).toBe(gpuNodes);
    expect(nodes.find((n) => n.instanceType === 'm6i.xlarge')?.count).toBe(1); // the cpu group's minimum
  });
});

describe('estimates', () => {
  const g5: VersionShape = {
    compute: { headNode: { instanceType: 'g5.xlarge' }, workerGroups: [] },
    deployments: [{ replicas: 1, gpus: 1 }],
  };

  it('hourly cost of a version at full and reduced capacity', () => {
    const version: VersionShape = { compute, deployments: [{ replicas: 8, gpus: 1 }] };
    // head $0.096 + 1 cpu node (min) $0.192 + 2 gpu nodes × $5.672
    expect(hourlyCostAt(PRICE_CATALOG, DAY, version).hourly).toBe(96_000 + 192_000 + 2 * 5_672_000);
    // 25 %: 2 replicas → 1 gpu node
    expect(hourlyCostAt(PRICE_CATALOG, DAY, version, 25).hourly).toBe(96_000 + 192_000 + 5_672_000);
    expect(hourlyCostAt(PRICE_CATALOG, DAY, { compute: null, deployments: [] }).hourly).toBe(0);
  });

  it('the doc example: no surge, 60 s at 50 %, then 100 %', () => {
    const estimate = estimateRollout(PRICE_CATALOG, {
      primary: g5,
      canary: g5,
      schedule: [
        { percent: 50, holdS: 60 },
        { percent: 100, holdS: 0 },
      ],
      maxSurgePercent: null,
      startupS: 0,
      drainS: 0,
      day: DAY,
    });
    expect(estimate).toEqual({
      steadyHourly: 1_006_000,
      rolloutCost: 33_533,
      durationS: 60,
      peak: { instances: 2, gpus: 0 },
      unpriced: [],
    });
  });

  it('prices fractional holds (a 0.3 s test schedule) without leaving integer micros', () => {
    const estimate = estimateRollout(PRICE_CATALOG, {
      primary: g5,
      canary: g5,
      schedule: [
        { percent: 25, holdS: 0.3 },
        { percent: 100, holdS: 0 },
      ],
      maxSurgePercent: null,
      startupS: 1.5,
      drainS: 0,
      day: DAY,
    });
    // 2 × $1.006/h: 1 s → 558.9 → 559, then 500 ms → 279.4 → 279, then 300 ms → 167.7 → 168.
    expect(estimate).toMatchObject({ rolloutCost: 559 + 279 + 168, durationS: 1.8 });
  });

  it('a surge-limited rollout pays for less overlap than a full duplicate, and peaks lower', () => {
    const version: VersionShape = { compute, deployments: [{ replicas: 8, gpus: 1 }] };
    const input = {
      primary: version,
      canary: version,
      schedule: [
        { percent: 25, holdS: 600 },
        { percent: 50, holdS: 600 },
        { percent: 100, holdS: 0 },
      ],
      startupS: 120,
      drainS: 30,
      day: DAY,
    };
    const full = estimateRollout(PRICE_CATALOG, { ...input, maxSurgePercent: null });
    const surge = estimateRollout(PRICE_CATALOG, { ...input, maxSurgePercent: 25 });
    expect(full.durationS).toBe(120 + 1200 + 30);
    expect(surge.rolloutCost).toBeLessThan(full.rolloutCost);
    // Full duplicate: 2 × (head + cpu + 2 gpu) = 8 instances; surge 25 %: canary 2 gpu replicas (1 node) + primary 2 nodes.
    expect(full.peak).toEqual({ instances: 8, gpus: 16 });
    expect(surge.peak.instances).toBeLessThan(full.peak.instances);
  });

  it('quota check: names the quota, the limit and the peak', () => {
    const quotas = {
      maxGpus: 8,
      maxInstances: null,
      monthlyBudget: { amount: 100_000_000, hard: true },
    };
    expect(
      quotaViolations({
        quotas,
        current: { instances: 0, gpus: 4 },
        peak: { instances: 4, gpus: 8 },
        monthToDate: 0,
        projected: 1,
      }),
    ).toEqual([{ quota: 'max_gpus', limit: 8, peak: 12 }]);
    expect(
      quotaViolations({
        quotas,
        current: { instances: 0, gpus: 0 },
        peak: { instances: 2, gpus: 8 },
        monthToDate: 99_000_000,
        projected: 2_000_000,
      }),
    ).toEqual([
      { quota: 'monthly_budget', limit: 100_000_000, projected: 101_000_000, hard: true },
    ]);
    expect(
      quotaViolations({
        quotas,
        current: { instances: 0, gpus: 0 },
        peak: { instances: 2, gpus: 8 },
        monthToDate: 0,
        projected: 0,
      }),
    ).toEqual([]);
  });
});
