/**
 * Replica stdout/stderr, one bounded file per replica:
 *
 *   <stateDir>/logs/<serviceId>/<versionId>/<replicaId>.log     current (both streams, in order)
 *   <stateDir>/logs/<serviceId>/<versionId>/<replicaId>.log.1   the previous one
 *
 * The replica writes to the file itself (its stdout/stderr are the file, opened O_APPEND), so
 * it keeps running when the worker that started it goes away — a pipe would give it SIGPIPE.
 * Rotation is therefore copy-then-truncate (logrotate's `copytruncate`): the supervisor copies
 * the file to `.log.1` and truncates it; O_APPEND writes continue at the new end. A file grows
 * past `maxBytes` by at most what the replica writes between two supervisor checks, and a line
 * written between the copy and the truncation can be lost — acceptable for logs.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ProviderError } from '../port';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

function checkId(what: string, value: string): string {
  if (!SAFE_ID.test(value) || value.includes('..')) {
    throw new ProviderError('invalid_request', `local: bad ${what} "${value}"`);
  }
  return value;
}

export function versionLogDir(stateDir: string, serviceId: string, versionId: string): string {
  return path.join(
    stateDir,
    'logs',
    checkId('serviceId', serviceId),
    checkId('versionId', versionId),
  );
}

export function replicaLogPath(
  stateDir: string,
  serviceId: string,
  versionId: string,
  replicaId: string,
): string {
  return path.join(
    versionLogDir(stateDir, serviceId, versionId),
    `${checkId('replicaId', replicaId)}.log`,
  );
}

/** Rotates `file` when it is larger than `maxBytes`; true when it did. */
export async function rotateIfLarge(file: string, maxBytes: number): Promise<boolean> {
  let size: number;
  try {
    size = (await fsp.stat(file)).size;
  } catch {
    return false;
  }
  if (size <= maxBytes) return false;
  await fsp.copyFile(file, `${file}.1`);
  await fsp.truncate(file, 0);
  return true;
}

/** The last `n` lines of `file` (read backwards in chunks; a missing file has none). */
export async function tailLines(file: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const chunk = 64 * 1024;
    let position = size;
    let text = '';
    // n lines need n newlines before them (plus a possible trailing one).
    while (position > 0 && (text.match(/\n/g)?.length ?? 0) <= n) {
      const length = Math.min(chunk, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, position);
      text = buffer.toString('utf8') + text;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.slice(-n);
  } finally {
    await handle.close();
  }
}

export interface ReplicaLogs {
  replicaId: string;
  /** Oldest first; at most `tail` lines, from `.log.1` and `.log`. */
  lines: string[];
}

export interface ReadReplicaLogsInput {
  stateDir: string;
  /** Narrows the search; without it every service's directory is searched for `versionId`. */
  serviceId?: string;
  versionId: string;
  /** One replica; without it, every replica of the version that has logs. */
  replicaId?: string;
  /** Lines per replica (1–10,000). */
  tail: number;
}

/**
 * A version's replica logs, for the API. Throws ProviderError `invalid_request` on a bad id or
 * tail, `not_found` when the version (or replica) has no logs here.
 */
export async function readReplicaLogs(input: ReadReplicaLogsInput): Promise<ReplicaLogs[]> {
  if (!Number.isInteger(input.tail) || input.tail < 1 || input.tail > 10_000) {
    throw new ProviderError(
      'invalid_request',
      'local: tail must be an integer between 1 and 10000',
    );
  }
  if (input.replicaId !== undefined) checkId('replicaId', input.replicaId);
  const dir = await findVersionDir(
    input.stateDir,
    input.serviceId,
    checkId('versionId', input.versionId),
  );
  if (dir === null)
    throw new ProviderError('not_found', `local: no logs for version ${input.versionId}`);
  let replicaIds: string[];
  if (input.replicaId !== undefined) replicaIds = [checkId('replicaId', input.replicaId)];
  else {
    const names = await fsp.readdir(dir);
    replicaIds = [
      ...new Set(
        names.filter((f) => /\.log(\.1)?$/.test(f)).map((f) => f.replace(/\.log(\.1)?$/, '')),
      ),
    ].sort();
  }
  const result: ReplicaLogs[] = [];
  for (const replicaId of replicaIds) {
    const file = path.join(dir, `${replicaId}.log`);
    const current = await tailLines(file, input.tail);
    const previous =
      current.length < input.tail ? await tailLines(`${file}.1`, input.tail - current.length) : [];
    const exists = current.length > 0 || previous.length > 0 || (await fileExists(file));
    if (!exists) {
      if (input.replicaId !== undefined)
        throw new ProviderError('not_found', `local: no logs for replica ${replicaId}`);
      continue;
    }
    result.push({ replicaId, lines: [...previous, ...current] });
  }
  return result;
}

async function findVersionDir(
  stateDir: string,
  serviceId: string | undefined,
  versionId: string,
): Promise<string | null> {
  const root = path.join(stateDir, 'logs');
  const services =
    serviceId !== undefined
      ? [checkId('serviceId', serviceId)]
      : await fsp.readdir(root).catch(() => [] as string[]);
  for (const service of services) {
    const dir = path.join(root, service, versionId);
    if (await fileExists(dir)) return dir;
  }
  return null;
}

async function fileExists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}
