/**
 * Deadline polling for end-to-end proofs: no sleep-based assertions. `until` resolves with the
 * first value `probe` returns (anything but undefined) and fails at the deadline naming what
 * was awaited and the last thing seen, so a slow machine shows up as a clear timeout.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline)
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what} (last: ${String(last)})`,
      );
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
