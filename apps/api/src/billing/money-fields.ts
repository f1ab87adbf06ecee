import { formatCents, formatMicros } from '@switchyard/billing';

/** Micros as the API shows money: the exact integer and the same amount in dollars. */
export function usdOfMicros(micros: bigint | number): string {
  return formatMicros(Number(micros));
}

export function usdOfCents(cents: bigint | number): string {
  return formatCents(Number(cents));
}
