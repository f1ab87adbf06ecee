import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) used so far by process `pid` and every live descendant (the
 * gateway's cluster workers, nginx's worker processes), from /proc. On a machine shared with
 * other jobs, CPU time per request is the figure that noise barely moves: req/s depends on the
 * share of the cores a target gets, CPU per request on what it does with them.
 */
export function cpuSecondsOfTree(pid: number): number {
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux ABI Node supports
  let total = 0;
  for (const p of descendantsAndSelf(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces, hence the last ')').
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime, stime
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

function descendantsAndSelf(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const children = readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').trim();
        if (children) out.push(...children.split(' ').map(Number));
      } catch {
        // exited meanwhile
      }
    }
  }
  return out;
}

/** Runs `load` and returns its result with the CPU µs per request the process tree spent. */
export async function withCpuPerRequest<T extends { requestsPerSec: number }>(
  pid: number,
  seconds: number,
  load: () => Promise<T>,
): Promise<T & { cpuUsPerRequest: number }> {
  const before = cpuSecondsOfTree(pid);
  const result = await load();
  const used = cpuSecondsOfTree(pid) - before;
  const requests = result.requestsPerSec * seconds;
  return { ...result, cpuUsPerRequest: requests > 0 ? (used * 1e6) / requests : NaN };
}
