import {
  chargeFor,
  dollarsToMicros,
  formatCents,
  formatMicros,
  microsToCents,
  roundHalfUp,
} from './money';

describe('money: integer micro-dollars, one rounding rule', () => {
  it.each([
    [7, 2, 4],
    [5, 4, 1],
    [6, 4, 2], // 1.5 → 2 (half up)
    [1, 3, 0],
    [2, 3, 1],
    [0, 9, 0],
  ])('roundHalfUp(%i, %i) = %i', (n, d, expected) => expect(roundHalfUp(n, d)).toBe(expected));

  it('refuses non-integers and negatives instead of rounding them silently', () => {
    expect(() => roundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(-1, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 0)).toThrow(RangeError);
  });

  it.each([
    ['1.006', 1_006_000],
    ['0.0475', 47_500],
    ['98.32', 98_320_000],
    ['0.097118', 97_118],
    ['0', 0],
    ['12', 12_000_000],
  ])('parses $%s exactly as %i micros', (dollars, micros) =>
    expect(dollarsToMicros(dollars)).toBe(micros),
  );

  it.each(['1.0000001', '-1', '1e3', '', '0.1.2'])('refuses %j', (bad) =>
    expect(() => dollarsToMicros(bad)).toThrow(RangeError),
  );

  it('charges hourly × seconds / 3600, rounded half up to a micro', () => {
    expect(chargeFor(1_006_000, 3600)).toBe(1_006_000);
    expect(chargeFor(1_006_000, 1)).toBe(279); // 279.44…
    expect(chargeFor(1_800, 1)).toBe(1); // 0.5 → 1
    expect(chargeFor(1_799, 1)).toBe(0);
  });

  it('formats cents and micros exactly', () => {
    expect(microsToCents(2_515_000)).toBe(252); // 251.5 → 252
    expect(microsToCents(2_514_999)).toBe(251);
    expect(formatCents(252)).toBe('2.52');
    expect(formatCents(5)).toBe('0.05');
    expect(formatMicros(123)).toBe('0.000123');
    expect(formatMicros(2_515_000)).toBe('2.515000');
  });
});
