/**
 * Background health checks, one in flight per replica at most. Results are queued per process
 * incarnation (pid) and consumed by the supervisor's round, so a check that outlives its
 * process never counts for the next one.
 *
 * A STARTING replica is checked every min(period, `startupCheckMs`) so that it is ready soon
 * after it starts answering; a READY one every `period_s`.
 */
import type { HealthCheckSpec } from '../port';
import { checkReplicaHealth, type HealthResult } from './health-check';
import type { LocalTimings } from './options';

interface Watch {
  pid: number;
  inFlight: boolean;
  nextCheckAt: number;
  results: HealthResult[];
  failures: number;
  lastReason: string | null;
}

export class HealthMonitor {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly clock: () => number,
    private readonly timings: Pick<LocalTimings, 'startupCheckMs'>,
    private readonly wake: () => void,
  ) {}

  /** Applies the results that came in: did one pass, how many consecutive failures now. */
  consume(
    replicaId: string,
    pid: number,
  ): { passed: boolean; failures: number; reason: string | null } {
    const w = this.watchOf(replicaId, pid);
    let passed = false;
    for (const result of w.results.splice(0)) {
      if (result.ok) {
        passed = true;
        w.failures = 0;
      } else {
        w.failures++;
        w.lastReason = result.reason;
      }
    }
    return { passed, failures: w.failures, reason: w.lastReason };
  }

  /** Starts a check if one is due. */
  schedule(
    replicaId: string,
    pid: number,
    port: number,
    spec: HealthCheckSpec,
    starting: boolean,
  ): void {
    const w = this.watchOf(replicaId, pid);
    const now = this.clock();
    if (w.inFlight || now < w.nextCheckAt) return;
    w.inFlight = true;
    const periodMs = spec.periodS * 1000;
    const intervalMs = starting ? Math.min(periodMs, this.timings.startupCheckMs) : periodMs;
    void checkReplicaHealth(port, spec.path, spec.timeoutS * 1000).then((result) => {
      w.inFlight = false;
      w.nextCheckAt = this.clock() + intervalMs;
      if (this.watches.get(replicaId) === w) {
        w.results.push(result);
        this.wake();
      }
    });
  }

  forget(replicaId: string): void {
    this.watches.delete(replicaId);
  }

  private watchOf(replicaId: string, pid: number): Watch {
    let w = this.watches.get(replicaId);
    if (!w || w.pid !== pid) {
      w = { pid, inFlight: false, nextCheckAt: 0, results: [], failures: 0, lastReason: null };
      this.watches.set(replicaId, w);
    }
    return w;
  }
}
