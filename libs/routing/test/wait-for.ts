/**
 * Polls `condition` every few ms until it holds or `timeoutMs` passes; resolves to the elapsed
 * ms. Polling with a deadline, not a fixed sleep: fast when the system is fast, and a failure
 * names what it waited for.
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await condition()) return performance.now() - started;
    if (performance.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
