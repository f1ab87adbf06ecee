import { entry } from '../test/fixtures';
import { RoutingTable } from './routing-table';

describe('RoutingTable', () => {
  const a = entry('a', 1, null, { project: 'shop', service: 'search' });
  const b = entry('b', 1, 20, { project: 'shop', service: 'rank' });

  it('looks services up by id, endpoint slug and (project, service)', () => {
    const table = RoutingTable.fromEntries([a, b]);
    expect(table.size).toBe(2);
    expect(table.get('a')?.service).toBe('search');
    expect(table.bySlug('rank--shop')?.serviceId).toBe('b');
    expect(table.byName('shop', 'search')?.serviceId).toBe('a');
    expect(table.bySlug('search--other')).toBeUndefined();
    expect(table.byName('shop', 'nope')).toBeUndefined();
  });

  it('is immutable: with/without return new tables and leave the old one intact', () => {
    const t1 = RoutingTable.fromEntries([a]);
    const t2 = t1.with(b);
    const t3 = t2.without('a');
    expect(t1.serviceIds()).toEqual(['a']);
    expect(t2.serviceIds().sort()).toEqual(['a', 'b']);
    expect(t3.serviceIds()).toEqual(['b']);
    expect(t3.bySlug('search--shop')).toBeUndefined();
    expect(t3.without('missing')).toBe(t3);
  });

  it('freezes entries so a reader cannot change what other requests see', () => {
    const table = RoutingTable.fromEntries([entry('c', 1, 10)]);
    const held = table.get('c')!;
    expect(Object.isFrozen(held)).toBe(true);
    expect(() => {
      (held.versions[0] as { weight: number }).weight = 0;
    }).toThrow(TypeError);
    expect(Object.isFrozen(table)).toBe(true);
  });

  it('resolves two live entries on one slug to the most recently updated one', () => {
    const old = entry('old', 5, null, { project: 'p', service: 's', updatedAt: 1000 });
    const recreated = entry('new', 1, null, { project: 'p', service: 's', updatedAt: 2000 });
    for (const order of [
      [old, recreated],
      [recreated, old],
    ]) {
      const table = RoutingTable.fromEntries(order);
      expect(table.bySlug('s--p')?.serviceId).toBe('new');
      expect(table.byName('p', 's')?.serviceId).toBe('new');
    }
  });

  it('serializes sorted by serviceId, so two tables compare with toEqual', () => {
    expect(Object.keys(RoutingTable.fromEntries([b, a]).toJSON())).toEqual(['a', 'b']);
  });
});
