import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const WRK = '/usr/bin/wrk';

export interface WrkResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/** Closed-loop maximum throughput: `wrk -t1 -c<connections> -d<seconds>s --latency`. */
export function runWrk(
  url: string,
  connections: number,
  seconds: number,
  extraArgs: string[] = [],
): Promise<WrkResult> {
  return new Promise<WrkResult>((resolve, reject) => {
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...extraArgs];
    execFile(WRK, [...args, url], { timeout: (seconds + 30) * 1000 }, (error, stdout) => {
      if (error) return reject(error);
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
      const p50 = /\s50%\s+(\S+)/.exec(stdout)?.[1];
      const p99 = /\s99%\s+(\S+)/.exec(stdout)?.[1];
      const socketErrors =
        /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
      if (!rps || !p50 || !p99) return reject(new Error(`unparsable wrk output:\n${stdout}`));
      const errors =
        non2xx + (socketErrors ? socketErrors.slice(1).reduce((n, v) => n + Number(v), 0) : 0);
      resolve({ requestsPerSec: Number(rps), p50Ms: toMs(p50), p99Ms: toMs(p99), errors });
    });
  });
}

/** Think time per connection in the paced runs: rate = connections × 1000 / PACE_DELAY_MS. */
const PACE_DELAY_MS = 10;

/**
 * About `ratePerSec` requests per second (wrk2 is not installed): wrk with a Lua `delay()` of
 * 10 ms after each answer on each connection. Each connection is closed-loop with think time,
 * so it sends 1000 / (10 ms + latency) requests per second; a 2 s calibration run measures that
 * and sets the number of connections for the rate. Latencies are per request: there is no
 * correction for coordinated omission, which only matters when the target stalls for longer
 * than the think time (not the case at half load).
 */
export async function runPacedWrk(
  url: string,
  ratePerSec: number,
  seconds: number,
): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sy-bench-wrk-'));
  const script = path.join(dir, 'pace.lua');
  writeFileSync(script, `function delay()\n  return ${PACE_DELAY_MS}\nend\n`);
  try {
    const first = Math.max(1, Math.round((ratePerSec * PACE_DELAY_MS) / 1000));
    const calibration = await runWrk(url, first, 2, ['-s', script]);
    const connections = Math.max(
      1,
      Math.round((first * ratePerSec) / Math.max(1, calibration.requestsPerSec)),
    );
    return await runWrk(url, connections, seconds, ['-s', script]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
