/** A named dependency check for `/readyz`; it throws (or rejects) when the dependency is unusable. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

/** Runs every check with a timeout, in parallel; never throws. */
export async function runReadinessChecks(
  checks: ReadinessCheck[],
  timeoutMs = 2000,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    checks.map(async ({ name, check }) => {
      const started = process.hrtime.bigint();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true, ms: elapsedMs(started) }] as const;
      } catch (error) {
        return [name, { ok: false, error: (error as Error).message, ms: elapsedMs(started) }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

function elapsedMs(started: bigint): number {
  return Number((process.hrtime.bigint() - started) / 1000n) / 1000;
}
