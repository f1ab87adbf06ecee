/**
 * Starting one replica process: `/bin/sh -c <command>` in a session (and process group) of its
 * own, stdout/stderr appended to its log file, not waited for (`unref`). Nothing ties it to the
 * worker that started it: a worker restart neither kills it nor leaves it without output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { processStartTime } from './proc';

export interface ReplicaIdentity {
  serviceId: string;
  versionId: string;
  application: string;
  deployment: string;
  replicaId: string;
}

export interface SpawnReplicaInput {
  identity: ReplicaIdentity;
  command: string;
  port: number;
  workingDir: string;
  /** The version's env_vars (and the application's); identity variables and PORT win. */
  env: Record<string, string>;
  logFile: string;
  /** Told the exit code, when this process is the replica's parent. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface SpawnedReplica {
  pid: number;
  /** = pid: `detached` makes the shell a session and group leader. */
  pgid: number;
  processStartTime: number;
  child: ChildProcess;
}

/** The variables every replica gets on top of the version's own. */
export function replicaEnv(
  identity: ReplicaIdentity,
  port: number,
  versionEnv: Record<string, string>,
): Record<string, string> {
  return {
    ...versionEnv,
    PORT: String(port),
    HOST: '127.0.0.1',
    SWITCHYARD_SERVICE: identity.serviceId,
    SWITCHYARD_VERSION: identity.versionId,
    SWITCHYARD_APPLICATION: identity.application,
    SWITCHYARD_DEPLOYMENT: identity.deployment,
    SWITCHYARD_REPLICA: identity.replicaId,
  };
}

/**
 * Spawns the replica. Resolves once the kernel has a process for it (its start time read from
 * /proc); rejects when it could not be started at all (no /bin/sh, bad cwd).
 */
export async function spawnReplica(input: SpawnReplicaInput): Promise<SpawnedReplica> {
  fs.mkdirSync(path.dirname(input.logFile), { recursive: true });
  const fd = fs.openSync(input.logFile, 'a');
  let child: ChildProcess;
  try {
    fs.writeSync(
      fd,
      `--- ${new Date().toISOString()} starting ${input.identity.replicaId} on 127.0.0.1:${input.port}: ${input.command}\n`,
    );
    child = spawn('/bin/sh', ['-c', input.command], {
      cwd: input.workingDir,
      // Only PATH and HOME from the worker: a replica must not inherit the control plane's secrets.
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/',
        ...replicaEnv(input.identity, input.port, input.env),
      },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    fs.closeSync(fd); // the child has its own copy
  }
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', reject);
  });
  child.on('exit', (code, signal) => input.onExit?.(code, signal));
  child.unref();
  const startTime = processStartTime(pid);
  // It can die before we look; record 0 so the supervisor sees a dead process, never a stranger.
  return { pid, pgid: pid, processStartTime: startTime ?? 0, child };
}

/** `preferred` if nothing listens on it, else a free loopback port from the kernel. */
export async function freeLoopbackPort(preferred: number | null): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(null));
      server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
        const bound = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(bound));
      });
    });
  if (preferred !== null && preferred > 0) {
    const again = await tryListen(preferred);
    if (again !== null) return again;
  }
  const port = await tryListen(0);
  if (port === null) throw new Error('no free loopback port');
  return port;
}
