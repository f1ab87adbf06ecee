import { BatchedLoader } from './batched-loader';

describe('BatchedLoader', () => {
  it('loads everything asked for in one turn of the event loop with one call', async () => {
    const calls: string[][] = [];
    const loader = new BatchedLoader(async (ids) => {
      calls.push(ids);
      return new Map(ids.filter((id) => id !== 'missing').map((id) => [id, `row ${id}`]));
    });
    const first = await Promise.all([
      loader.load('a'),
      loader.load('b'),
      loader.load('a'),
      loader.load('missing'),
    ]);
    expect(first).toEqual(['row a', 'row b', 'row a', null]);
    expect(calls).toEqual([['a', 'b', 'missing']]);

    // A later turn is a new batch.
    expect(await loader.load('c')).toBe('row c');
    expect(calls).toEqual([['a', 'b', 'missing'], ['c']]);
  });

  it('a failed call fails every load of its batch, and the next batch starts afresh', async () => {
    let fail = true;
    const loader = new BatchedLoader(async (ids) => {
      if (fail) throw new Error('connection reset');
      return new Map(ids.map((id) => [id, id]));
    });
    const results = await Promise.allSettled([loader.load('a'), loader.load('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await loader.load('a')).toBe('a');
  });
});
