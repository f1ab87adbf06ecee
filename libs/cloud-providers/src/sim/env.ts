/**
 * How a worker process builds the sim provider from its environment:
 *
 *   SIM_PROVIDER_STATE_DIR   set → FileSimStore(dir) (shared with other processes, survives
 *                            SIGKILL; the test reads the ledger from it); unset → in-memory
 *   SIM_READY_AFTER_MS       replica start-up time (default 0)
 *   SIM_NODE_START_MS        node / cluster start-up time (default 0)
 *   SIM_LEDGER_READS         `0` / `false`: keep describeCluster / findClusters out of the ledger
 *                            (smaller state.json when a worker polls a file store for long)
 *
 * The clock is the real one (`Date.now`) unless given.
 */
import { createSimProvider, type SimProvider } from './provider';
import { FileSimStore, InMemorySimStore } from './store';

function msFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`${name} must be a non-negative integer (ms), got "${raw}"`);
  return ms;
}

export function createSimProviderFromEnv(env: NodeJS.ProcessEnv = process.env, clock: () => number = Date.now): SimProvider {
  const dir = env['SIM_PROVIDER_STATE_DIR'];
  return createSimProvider({
    store: dir !== undefined && dir !== '' ? new FileSimStore(dir) : new InMemorySimStore(),
    clock,
    readyAfterMs: msFromEnv(env, 'SIM_READY_AFTER_MS'),
    nodeStartMs: msFromEnv(env, 'SIM_NODE_START_MS'),
    ledgerReads: !['0', 'false'].includes((env['SIM_LEDGER_READS'] ?? '').toLowerCase()),
  });
}
