/**
 * What Linux's /proc says about a process, and signals to whole process groups. A pid alone
 * does not identify a process for long: once it exits the kernel may hand the number to
 * another one. The start time (field 22 of /proc/<pid>/stat, in clock ticks after boot) does,
 * so every record keeps it and nothing is adopted or signalled without comparing it.
 */
import * as fs from 'node:fs';

export interface ProcStat {
  pid: number;
  /** R, S, D, Z (zombie), X (dead), T, … */
  state: string;
  pgid: number;
  startTime: number;
}

/** /proc/<pid>/stat parsed, or null if there is no such process. */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or ")".
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); field N is fields[N - 3].
  const state = fields[0] ?? '';
  const pgid = Number(fields[2]);
  const startTime = Number(fields[19]);
  if (!Number.isFinite(pgid) || !Number.isFinite(startTime)) return null;
  return { pid, state, pgid, startTime };
}

/** The process's start time, or null when it is gone (or a zombie, which is as good as gone). */
export function processStartTime(pid: number): number | null {
  const stat = readProcStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
  return stat.startTime;
}

/** `pid` is alive AND is the process we recorded (not a recycled pid). */
export function isSameProcess(pid: number, startTime: number): boolean {
  return processStartTime(pid) === startTime;
}

/** Sends `signal` to every process of group `pgid`; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false; // never -1 or -0: "every process"
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Signals a replica's group only if it is still ours: its leader is the recorded process, or
 * the leader is gone (then the kernel cannot have given `pgid` to anyone else while members of
 * the group live, so whatever is left in it is ours). A live leader with another start time is
 * a recycled pid: left alone.
 */
export function signalReplicaGroup(
  pgid: number | null,
  recordedStartTime: number | null,
  signal: NodeJS.Signals,
): boolean {
  if (pgid === null) return false;
  const leader = processStartTime(pgid);
  if (leader !== null && leader !== recordedStartTime) return false;
  return signalGroup(pgid, signal);
}

/** Pids of the processes whose environment has `name=value` (readable ones: our own user's). */
export function pidsWithEnv(
  name: string,
  matches: (value: string) => boolean,
): { pid: number; value: string }[] {
  const found: { pid: number; value: string }[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found;
  }
  const prefix = `${name}=`;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string;
    try {
      environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue;
    }
    for (const pair of environ.split('\0')) {
      if (pair.startsWith(prefix) && matches(pair.slice(prefix.length))) {
        found.push({ pid: Number(entry), value: pair.slice(prefix.length) });
        break;
      }
    }
  }
  return found;
}
