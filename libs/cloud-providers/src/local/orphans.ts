/**
 * Processes that carry a replica id of ours but are not the process its record names: left over
 * when a supervisor died between spawning a replica and recording its pid, or when a record was
 * re-pointed. Swept (SIGKILL to their group) when a process becomes the supervisor, before it
 * starts anything, so a replica never runs twice. Processes with ids we have no record of
 * belong to some other store (another installation, another test) and are left alone.
 */
import { pidsWithEnv, readProcStat, signalGroup } from './proc';
import type { LocalReplicaRecord } from './records';

export function sweepOrphans(records: LocalReplicaRecord[]): number[] {
  const byId = new Map(records.map((r) => [r.replicaId, r]));
  const killed = new Set<number>();
  for (const { pid, value } of pidsWithEnv('SWITCHYARD_REPLICA', (v) => byId.has(v))) {
    const record = byId.get(value)!;
    const stat = readProcStat(pid);
    if (!stat || stat.state === 'Z' || killed.has(stat.pgid)) continue;
    const ours = record.state !== 'STOPPED' && record.pgid === stat.pgid && record.pid !== null;
    if (ours) continue;
    if (signalGroup(stat.pgid, 'SIGKILL')) killed.add(stat.pgid);
  }
  return [...killed];
}
