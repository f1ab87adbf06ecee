import { entry } from '../test/fixtures';
import type { RoutingSnapshot } from './snapshot';
import { SubscriberState } from './subscriber-state';

function snapshot(version: number, records: [string, number, boolean][]): RoutingSnapshot {
  return {
    version,
    invalid: [],
    records: new Map(
      records.map(([id, revision, live]) => [
        id,
        { revision, entry: live ? entry(id, revision) : null },
      ]),
    ),
  };
}
const upsert = (id: string, revision: number, version: number) => ({
  kind: 'upsert' as const,
  serviceId: id,
  revision,
  version,
  entry: entry(id, revision),
});

describe('SubscriberState (merge rules)', () => {
  it('applies newer messages, ignores stale ones and reports version gaps', () => {
    let s = SubscriberState.empty.applyMessage(upsert('a', 2, 1)).state;
    const stale = s.applyMessage(upsert('a', 1, 2));
    expect(stale.changed).toEqual([]);
    expect(stale.state.table).toBe(s.table);
    s = stale.state;
    expect(s.applyMessage(upsert('a', 3, 4)).gap).toBe(true);
    expect(s.applyMessage(upsert('a', 3, 3)).gap).toBe(false);
  });

  it('never lets a snapshot read before a message undo that message', () => {
    const before = SubscriberState.empty.applySnapshot(
      snapshot(1, [['a', 1, true]]),
      SubscriberState.empty,
    ).state;
    const afterMessage = before
      .applyMessage(upsert('a', 2, 2))
      .state.applyMessage(upsert('b', 1, 3)).state;
    // The snapshot was requested at `before` and read before both messages were committed.
    const { state } = afterMessage.applySnapshot(snapshot(1, [['a', 1, true]]), before);
    expect(state.table.get('a')?.revision).toBe(2);
    expect(state.table.get('b')?.revision).toBe(1);
    expect(state.version).toBe(3);
  });

  it('drops services the snapshot no longer has, if no message touched them since the read', () => {
    const s = SubscriberState.empty.applySnapshot(
      snapshot(2, [
        ['a', 1, true],
        ['b', 1, true],
      ]),
      SubscriberState.empty,
    ).state;
    const { state, changed } = s.applySnapshot(snapshot(0, []), s);
    expect(changed.sort()).toEqual(['a', 'b']);
    expect(state.table.size).toBe(0);
    expect(state.version).toBe(0);
  });

  it('keeps a tombstone: an older live entry in a snapshot does not resurrect a removed service', () => {
    const removed = SubscriberState.empty
      .applyMessage(upsert('a', 1, 1))
      .state.applyMessage({ kind: 'remove', serviceId: 'a', revision: 2, version: 2 }).state;
    const { state } = removed.applySnapshot(snapshot(1, [['a', 1, true]]), SubscriberState.empty);
    expect(state.table.get('a')).toBeUndefined();
  });

  it('does not rebuild the table when a snapshot brings nothing new', () => {
    const s = SubscriberState.empty.applySnapshot(
      snapshot(1, [['a', 1, true]]),
      SubscriberState.empty,
    ).state;
    const again = s.applySnapshot(snapshot(1, [['a', 1, true]]), s);
    expect(again.changed).toEqual([]);
    expect(again.state.table).toBe(s.table);
  });
});
