/**
 * Money is an integer number of micro-dollars (1 USD = 1,000,000 micros): exact sums, no floating
 * point. JavaScript numbers hold integers exactly up to 2^53 (≈ 9 billion dollars in micros),
 * far beyond one organization's month.
 *
 * THE rounding rule (the only place money is rounded): a charge is `hourly price × seconds /
 * 3600`, rounded half up to a whole micro-dollar, once per (node, UTC day) segment. Everything
 * after that is integer addition. Cents, where shown (invoice totals), are the micros total
 * rounded half up to a whole cent.
 */
export type Micros = number;

export const MICROS_PER_DOLLAR = 1_000_000;
export const MICROS_PER_CENT = 10_000;

/** `n / d` for integers n ≥ 0, d > 0, rounded half up. Example: roundHalfUp(7, 2) = 4, roundHalfUp(5, 4) = 1. */
export function roundHalfUp(n: number, d: number): number {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || n < 0 || d <= 0) {
    throw new RangeError(`roundHalfUp needs safe integers n ≥ 0, d > 0 (got ${n}, ${d})`);
  }
  return Math.floor((2 * n + d) / (2 * d));
}

/**
 * Parses a decimal dollar amount exactly (no float): "1.006" → 1_006_000, "0.0475" → 47_500.
 * More than six decimals is refused: a price list must not need rounding to be stored.
 */
export function dollarsToMicros(dollars: string): Micros {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(dollars);
  if (!match) throw new RangeError(`not a dollar amount with at most 6 decimals: "${dollars}"`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(6, '0'));
  return whole * MICROS_PER_DOLLAR + fraction;
}

/** The charge for `seconds` at `hourly` micros per hour, by the rounding rule above. */
export function chargeFor(hourly: Micros, seconds: number): Micros {
  return roundHalfUp(hourly * seconds, 3600);
}

/**
 * An estimated charge for a duration that may be fractional (schedules hold for 0.3 s): whole
 * seconds by `chargeFor`, the fraction in milliseconds by the same half-up rule. Estimates only;
 * what is billed is metered in whole seconds.
 */
export function estimatedChargeFor(hourly: Micros, seconds: number): Micros {
  const whole = Math.floor(seconds);
  const fractionMs = Math.round((seconds - whole) * 1000);
  return chargeFor(hourly, whole) + roundHalfUp(hourly * fractionMs, 3_600_000);
}

export function microsToCents(micros: Micros): number {
  return roundHalfUp(micros, MICROS_PER_CENT);
}

/** "12.34" from 1234 cents. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "0.000123" from 123 micros: exact, for CSV exports. */
export function formatMicros(micros: Micros): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS_PER_DOLLAR)}.${String(abs % MICROS_PER_DOLLAR).padStart(6, '0')}`;
}
