/**
 * What the supervisor remembers in memory about one run of a replica's process: our child
 * handle (only for processes this process started) and, once reported, its exit status.
 * Adopted processes have no handle: their death is seen in /proc, their exit code is unknown.
 */
import type { ChildProcess } from 'node:child_process';

export interface Incarnation {
  pid: number;
  child: ChildProcess | null;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Resolves when our child's exit is reported (never, for an adopted process). */
  exited: Promise<void>;
  nextLogCheckAt: number;
}

export function newIncarnation(now: number): {
  incarnation: Incarnation;
  reportExit: (code: number | null, signal: NodeJS.Signals | null) => void;
} {
  let resolve = () => undefined as void;
  const exited = new Promise<void>((r) => (resolve = r));
  const incarnation: Incarnation = { pid: 0, child: null, exit: null, exited, nextLogCheckAt: now };
  return {
    incarnation,
    reportExit: (code, signal) => {
      incarnation.exit = { code, signal };
      resolve();
    },
  };
}

export function adoptedIncarnation(pid: number, now: number): Incarnation {
  return {
    pid,
    child: null,
    exit: null,
    exited: new Promise<void>(() => undefined),
    nextLogCheckAt: now,
  };
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGTERM: 15,
};

/**
 * The exit code (128 + signal number for a signal, as shells report it), or null when unknown.
 * Waits up to 250 ms for a child we started: /proc can show it gone before Node reports the exit.
 */
export async function exitCodeAfter(inc: Incarnation | undefined): Promise<number | null> {
  if (inc?.child) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([inc.exited, new Promise<void>((r) => (timer = setTimeout(r, 250)))]);
    clearTimeout(timer);
  }
  const exit = inc?.exit ?? null;
  if (exit === null) return null;
  if (exit.code !== null) return exit.code;
  return exit.signal !== null ? 128 + (SIGNALS[exit.signal] ?? 0) : null;
}
