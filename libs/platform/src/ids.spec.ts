import { uuidv7 } from './ids';

describe('uuidv7', () => {
  it('is a valid version-7 UUID carrying its millisecond timestamp', () => {
    const id = uuidv7(Date.parse('2026-11-22T10:00:00.123Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-11-22T10:00:00.123Z'));
  });

  it('sorts by time', () => {
    const ids = [3, 1, 2].map((s) => uuidv7(1_800_000_000_000 + s));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });
});
