import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import type { Logger } from '@switchyard/platform';

/** A worker that keeps dying is not restarted faster than this. */
const RESTART_DELAY_MS = 1000;
/** On SIGTERM, workers get this long to finish their in-flight requests. */
const STOP_GRACE_MS = 12_000;

/**
 * `GATEWAY_WORKERS` > 1: this process only forks that many gateway workers sharing the port and
 * supervises them. Node's cluster module has the primary accept connections and hand them to
 * workers round-robin; a keep-alive connection then stays with its worker, so the primary is
 * out of the request path. Each worker is a whole, independent gateway (own routing
 * subscriber, balancer, pools and load report) — exactly N gateways behind a load balancer,
 * which the design allows anyway; per-replica caps are therefore per worker, as they are per
 * gateway.
 */
export function runClusterPrimary(workers: number, logger: Logger, entry: string): void {
  let stopping = false;
  // Workers run the same entry point. From TypeScript source (scripts/run-ts.js, in
  // development) they need the same require hook; the compiled build needs none.
  if (entry.endsWith('.ts')) {
    const hook = path.resolve(__dirname, '../../../scripts/register.js');
    cluster.setupPrimary({ exec: entry, execArgv: [...process.execArgv, '--require', hook] });
  } else {
    cluster.setupPrimary({ exec: entry });
  }
  const fork = () => cluster.fork();
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) return;
    logger.error({ worker: worker.id, code, signal }, 'gateway worker exited; starting another');
    setTimeout(fork, RESTART_DELAY_MS);
  });
  for (let i = 0; i < workers; i++) fork();
  logger.info({ workers }, 'gateway primary started');

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // second signal: now
    stopping = true;
    logger.info({ signal }, 'stopping gateway workers');
    const all = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const timer = setTimeout(() => {
      logger.error('gateway workers did not stop in time');
      for (const w of all) w.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_GRACE_MS);
    timer.unref();
    let left = all.length;
    if (left === 0) process.exit(0);
    for (const w of all) {
      w.once('exit', () => {
        if (--left === 0) process.exit(0);
      });
      w.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
