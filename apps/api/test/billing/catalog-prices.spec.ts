import { hourlyPrice, PRICE_CATALOG, versionOn } from '@switchyard/billing';
import {
  AWS_INSTANCE_TYPES,
  GCP_MACHINE_TYPES,
  type InstanceTypeInfo,
} from '@switchyard/cloud-providers';

/**
 * Every instance type the AWS and GCP adapters can launch (what compute configs may name) has a
 * price in the catalog in force — with every GPU count it can be given — so no node is ever
 * metered as unpriced. A type added to an adapter's catalog without a price fails here.
 */
describe('the price catalog covers the cloud adapters’ instance types', () => {
  const latest = PRICE_CATALOG.versions
    .map((v) => v.effectiveFrom)
    .sort()
    .at(-1)!;
  const shapes = (t: InstanceTypeInfo) =>
    t.attachableGpus
      ? [
          { gpuType: null, gpuCount: 0 },
          ...t.attachableGpus.counts.map((count) => ({
            gpuType: t.attachableGpus!.type,
            gpuCount: count,
          })),
        ]
      : [{ gpuType: t.gpus?.type ?? null, gpuCount: t.gpus?.count ?? 0 }];
  const all = [
    ...AWS_INSTANCE_TYPES.map((t) => ['AWS', t] as const),
    ...GCP_MACHINE_TYPES.map((t) => ['GCP', t] as const),
  ];

  it('lists both providers’ catalogs', () => {
    expect(AWS_INSTANCE_TYPES.length).toBeGreaterThan(10);
    expect(GCP_MACHINE_TYPES.length).toBeGreaterThan(10);
    expect(versionOn(PRICE_CATALOG, latest)?.effectiveFrom).toBe(latest);
  });

  it.each(all.map(([provider, t]) => [provider, t.name, t] as const))(
    '%s %s has a price',
    (_provider, _name, type) => {
      for (const shape of shapes(type)) {
        const price = hourlyPrice(PRICE_CATALOG, { instanceType: type.name, ...shape }, latest);
        expect({ type: type.name, ...shape, ok: price.ok }).toEqual({
          type: type.name,
          ...shape,
          ok: true,
        });
        if (price.ok) expect(price.hourly).toBeGreaterThan(0);
      }
    },
  );

  it('charges attached GPUs on top of the machine (GCP N1 + T4)', () => {
    const bare = hourlyPrice(
      PRICE_CATALOG,
      { instanceType: 'n1-standard-8', gpuType: null, gpuCount: 0 },
      latest,
    );
    const withT4s = hourlyPrice(
      PRICE_CATALOG,
      { instanceType: 'n1-standard-8', gpuType: 'T4', gpuCount: 2 },
      latest,
    );
    expect(bare.ok && withT4s.ok && withT4s.hourly - bare.hourly).toBe(700_000);
  });
});
