/**
 * Job id of a rollout's tick due at `at`. Ticks for the same rollout and instant collapse into
 * one job (BullMQ ignores a duplicate id), so the API, the worker and the reconciler may all
 * schedule without coordinating. BullMQ ids may not contain ':' (its key separator).
 */
export function tickJobId(rolloutId: string, at: number): string {
  return `tick-${rolloutId}-${at}`;
}
