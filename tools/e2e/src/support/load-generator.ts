/**
 * A closed-loop HTTP load generator on undici keep-alive connections: `concurrency` loops, each
 * sending its next request as soon as the previous one is answered (optionally after a pause).
 * Every request's outcome is recorded: the status, the version that answered (the gateway's
 * `X-Switchyard-Version`, else the example's `version` field), the replica when the example
 * names it, and the phase it was sent in. A failure is anything but a 2xx naming a version.
 *
 * Requests are `POST {"user_input","history"}` — what all three examples answer — with an
 * `Idempotency-Key`: the caller declares them repeatable, so the gateway may retry one on
 * another replica when its replica dies mid-request (apps/gateway/src/retry-policy.ts).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';

export interface RequestOutcome {
  /** When the answer (or the error) arrived, epoch ms. */
  at: number;
  latencyMs: number;
  phase: string;
  ok: boolean;
  status: number | null;
  version: string | null;
  replica: string | null;
  error: string | null;
}

export interface LoadGeneratorOptions {
  /** The service URL through the gateway, e.g. http://127.0.0.1:8081/s/default/service-demo/ */
  url: string;
  /** The service's query token (sent as `Authorization: Bearer`). */
  token: string;
  concurrency: number;
  /** Pause between a loop's answer and its next request (low, steady load). Default 0. */
  pauseMs?: number;
  /** Extra headers on every request (e.g. a version pin). */
  headers?: Record<string, string>;
  /** Longest wait for an answer before it counts as failed. Default 30 s. */
  timeoutMs?: number;
}

/** Failures kept with their details (the counts are always complete). */
const KEPT_FAILURES = 200;

export class LoadGenerator {
  private readonly pool: Pool;
  private readonly path: string;
  private concurrency: number;
  private pauseMs: number;
  private loops = 0;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  private readonly listeners = new Set<(outcome: RequestOutcome) => void>();
  phase = 'start';

  /** second (epoch s) → version (or "FAILED") → count. */
  readonly perSecond = new Map<number, Map<string, number>>();
  readonly perPhase = new Map<string, { total: number; failed: number }>();
  readonly failures: RequestOutcome[] = [];
  readonly versionsSeen = new Map<string, { first: number; last: number; count: number }>();
  total = 0;
  failed = 0;

  constructor(private readonly options: LoadGeneratorOptions) {
    const url = new URL(options.url);
    this.path = url.pathname + url.search;
    this.concurrency = options.concurrency;
    this.pauseMs = options.pauseMs ?? 0;
    this.pool = new Pool(url.origin, {
      connections: 512,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: options.timeoutMs ?? 30_000,
      bodyTimeout: options.timeoutMs ?? 30_000,
    });
  }

  start(): this {
    this.stopping = false;
    this.spawnLoops();
    return this;
  }

  /** Changes the load: more loops start at once, surplus loops end after their request. */
  setLoad(concurrency: number, pauseMs = this.pauseMs): void {
    this.concurrency = concurrency;
    this.pauseMs = pauseMs;
    if (!this.stopping) this.spawnLoops();
  }

  /** Later requests are attributed to `phase`. */
  mark(phase: string): void {
    this.phase = phase;
    if (!this.perPhase.has(phase)) this.perPhase.set(phase, { total: 0, failed: 0 });
  }

  onOutcome(listener: (outcome: RequestOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits for every request in flight, then closes the connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running]);
    if (!this.pool.closed) await this.pool.close();
  }

  private spawnLoops(): void {
    while (this.loops < this.concurrency) {
      const id = this.loops++;
      const loop = this.loop(id).finally(() => {
        this.running.delete(loop);
        this.loops--;
      });
      this.running.add(loop);
    }
  }

  private async loop(id: number): Promise<void> {
    while (!this.stopping && id < this.concurrency) {
      this.record(await this.once());
      if (this.pauseMs > 0 && !this.stopping) await new Promise((r) => setTimeout(r, this.pauseMs));
    }
  }

  private async once(): Promise<RequestOutcome> {
    const started = Date.now();
    const phase = this.phase;
    try {
      const res = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          ...this.options.headers,
        },
        body: '{"user_input":"hello","history":[]}',
      });
      const text = await res.body.text();
      let parsed: { version?: unknown; replica?: unknown } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // not JSON: an error page
      }
      const header = res.headers['x-switchyard-version'];
      const version =
        (typeof header === 'string' ? header : null) ??
        (typeof parsed.version === 'string' ? parsed.version : null);
      const ok = res.statusCode >= 200 && res.statusCode < 300 && version !== null;
      return {
        at: Date.now(),
        latencyMs: Date.now() - started,
        phase,
        ok,
        status: res.statusCode,
        version,
        replica: typeof parsed.replica === 'string' ? parsed.replica : null,
        error: ok ? null : text.slice(0, 300),
      };
    } catch (error) {
      return {
        at: Date.now(),
        latencyMs: Date.now() - started,
        phase,
        ok: false,
        status: null,
        version: null,
        replica: null,
        error: `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`.trim(),
      };
    }
  }

  private record(outcome: RequestOutcome): void {
    this.total++;
    const phase = this.perPhase.get(outcome.phase) ?? { total: 0, failed: 0 };
    phase.total++;
    if (!outcome.ok) {
      this.failed++;
      phase.failed++;
      if (this.failures.length < KEPT_FAILURES) this.failures.push(outcome);
    }
    this.perPhase.set(outcome.phase, phase);
    const second = Math.floor(outcome.at / 1000);
    let cell = this.perSecond.get(second);
    if (!cell) this.perSecond.set(second, (cell = new Map()));
    const key = outcome.ok ? outcome.version! : 'FAILED';
    cell.set(key, (cell.get(key) ?? 0) + 1);
    if (outcome.ok) {
      const seen = this.versionsSeen.get(key);
      if (seen) {
        seen.last = outcome.at;
        seen.count++;
      } else this.versionsSeen.set(key, { first: outcome.at, last: outcome.at, count: 1 });
    }
    for (const listener of this.listeners) listener(outcome);
  }

  /**
   * The per-second table as CSV (like the reference demo's load_test.py → data.txt): one row per
   * second, a column per version in order of first appearance, then failed and total.
   */
  toCsv(): string {
    const versions = [...this.versionsSeen.entries()]
      .sort((a, b) => a[1].first - b[1].first)
      .map(([v]) => v);
    const seconds = [...this.perSecond.keys()].sort((a, b) => a - b);
    const rows = [['second', 'epoch_s', ...versions, 'failed', 'total'].join(',')];
    const first = seconds[0] ?? 0;
    for (let s = first; s <= (seconds[seconds.length - 1] ?? first - 1); s++) {
      const cell = this.perSecond.get(s) ?? new Map<string, number>();
      const counts = versions.map((v) => cell.get(v) ?? 0);
      const failed = cell.get('FAILED') ?? 0;
      const total = counts.reduce((a, b) => a + b, 0) + failed;
      rows.push([s - first, s, ...counts, failed, total].join(','));
    }
    return rows.join('\n') + '\n';
  }
}
