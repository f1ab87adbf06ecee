/**
 * Test rig for the local provider with real processes: a provider on a temp state dir and an
 * in-memory store, the fixture replica's command, and a cleanup that SIGKILLs every process group
 * the store ever recorded (a leaked replica is a bug) and removes the state dir.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLocalProvider, type LocalProvider } from '../provider';
import {
  InMemorySupervisorLease,
  type LocalClusterSettingsSource,
  type OngoingRequestsSource,
  type SupervisorLease,
} from '../ports';
import type { LocalTimings } from '../options';
import { InMemoryLocalReplicaStore, type LocalReplicaStore } from '../store';
import { pidsWithEnv, readProcStat, signalGroup } from '../proc';

export const REPLICA_FIXTURE = path.join(__dirname, 'replica-fixture.js');

/** `node <fixture>` with knobs set as shell assignments (FIXTURE_* variables). */
export function fixtureCommand(knobs: Record<string, string | number> = {}): string {
  const assignments = Object.entries(knobs).map(([k, v]) => `${k}='${String(v)}'`);
  return [...assignments, `exec '${process.execPath}' '${REPLICA_FIXTURE}'`].join(' ');
}

/** Fast timings for tests (real time, short periods). */
export const FAST_TIMINGS: Partial<LocalTimings> = {
  tickMs: 40,
  drainPeriodMs: 150,
  gracefulShutdownMs: 1_500,
  restartBackoffBaseMs: 150,
  restartBackoffMaxMs: 1_200,
  backoffResetMs: 5_000,
  startupCheckMs: 50,
  autoscaleIntervalMs: 100,
  leaseRetryMs: 100,
  settingsTtlMs: 100,
  logCheckMs: 50,
};

export interface LocalRig {
  stateDir: string;
  store: LocalReplicaStore;
  lease: InMemorySupervisorLease;
  provider: LocalProvider;
  /** Another provider on the same store and machine-wide lease slot (a second worker, or a restarted one). */
  another(options?: { lease?: SupervisorLease; timings?: Partial<LocalTimings> }): LocalProvider;
  cleanup(): Promise<void>;
}

export function createLocalRig(
  options: {
    timings?: Partial<LocalTimings>;
    ongoingRequests?: OngoingRequestsSource;
    settings?: LocalClusterSettingsSource;
    store?: LocalReplicaStore;
    /** Where replica commands run (default: the temp state dir). */
    workingDir?: string;
  } = {},
): LocalRig {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-provider-'));
  const store = options.store ?? new InMemoryLocalReplicaStore();
  const lease = new InMemorySupervisorLease();
  const providers: LocalProvider[] = [];
  const make = (l: SupervisorLease, timings?: Partial<LocalTimings>) => {
    const p = createLocalProvider({
      store,
      lease: l,
      stateDir,
      workingDir: options.workingDir ?? stateDir,
      ongoingRequests: options.ongoingRequests,
      settings: options.settings,
      timings: { ...FAST_TIMINGS, ...options.timings, ...timings },
    });
    providers.push(p);
    return p;
  };
  const provider = make(lease);
  return {
    stateDir,
    store,
    lease,
    provider,
    another: (o = {}) => make(o.lease ?? lease.sibling(), o.timings),
    async cleanup() {
      for (const p of providers) await p.close();
      await killRecordedReplicas(store);
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** SIGKILLs the group of every replica the store knows (any state) and of any process with its ids. */
export async function killRecordedReplicas(store: LocalReplicaStore): Promise<void> {
  const ids = new Set<string>();
  for (const c of await store.findClusters({})) {
    for (const r of await store.replicas(c.providerClusterId, { includeStopped: true })) {
      ids.add(r.replicaId);
      if (r.pgid !== null && r.pid !== null && readProcStat(r.pid)?.pgid === r.pgid)
        signalGroup(r.pgid, 'SIGKILL');
    }
  }
  for (const { pid } of pidsWithEnv('SWITCHYARD_REPLICA', (v) => ids.has(v))) {
    const stat = readProcStat(pid);
    if (stat) signalGroup(stat.pgid, 'SIGKILL');
  }
}

/** Live (non-zombie) processes started for `serviceId`, by process group. */
export function liveGroupsOf(serviceId: string): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const { pid } of pidsWithEnv('SWITCHYARD_SERVICE', (v) => v === serviceId)) {
    const stat = readProcStat(pid);
    if (!stat || stat.state === 'Z') continue;
    groups.set(stat.pgid, [...(groups.get(stat.pgid) ?? []), pid]);
  }
  return groups;
}
