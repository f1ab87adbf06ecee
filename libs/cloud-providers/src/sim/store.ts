/**
 * Where the sim's fake cloud lives. `update` gives exclusive access to the whole state for one
 * synchronous function; whatever it does to the state is kept (atomically, for the file store).
 * The provider never throws from inside `update` after mutating (errors are returned and thrown
 * after the state is saved), so the in-memory store needs no rollback.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptySimState, type SimState } from './state';

export interface SimStore {
  /** Run `fn` with exclusive access; its changes to `state` are persisted before this resolves. */
  update<T>(fn: (state: SimState) => T): Promise<T>;
  /** Run `fn` on a consistent snapshot; it must not modify `state`. */
  read<T>(fn: (state: SimState) => T): Promise<T>;
}

/** One process, no I/O: every operation is O(1) in the number of clusters. */
export class InMemorySimStore implements SimStore {
  private readonly state: SimState = emptySimState();

  async update<T>(fn: (state: SimState) => T): Promise<T> {
    return fn(this.state);
  }

  async read<T>(fn: (state: SimState) => T): Promise<T> {
    return fn(this.state);
  }
}

export interface FileSimStoreOptions {
  /** A lock file older than this is left over by a dead process and is broken. Default 10 s. */
  staleLockMs?: number;
  /** Give up acquiring the lock after this long (throws). Default 30 s. */
  lockTimeoutMs?: number;
}

const STATE_FILE = 'state.json';
const LOCK_FILE = 'state.lock';

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The fake cloud as JSON on disk, shared by every process that opens the same directory:
 *
 *   <dir>/state.json   the whole SimState; replaced atomically (write `<dir>/.state.json.<pid>.<rand>.tmp`, rename)
 *   <dir>/state.lock   exclusive lock for read-modify-write: created with `open(..., 'wx')`, holds
 *                      `{pid, token, at}`; removed by its owner; broken when older than `staleLockMs`
 *
 * Readers need no lock (rename is atomic). Nothing is cached between calls, so two store
 * instances (or processes) never lose each other's updates. A SIGKILL mid-update leaves either
 * the old or the new state.json plus, at worst, a stale lock and a stray temp file.
 */
export class FileSimStore implements SimStore {
  readonly statePath: string;
  readonly lockPath: string;
  private readonly staleLockMs: number;
  private readonly lockTimeoutMs: number;

  constructor(
    readonly dir: string,
    options: FileSimStoreOptions = {},
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.statePath = path.join(dir, STATE_FILE);
    this.lockPath = path.join(dir, LOCK_FILE);
    this.staleLockMs = options.staleLockMs ?? 10_000;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  }

  async update<T>(fn: (state: SimState) => T): Promise<T> {
    const token = await this.acquire();
    try {
      const state = await this.load();
      const result = fn(state);
      const tmp = path.join(this.dir, `.${STATE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await fsp.writeFile(tmp, JSON.stringify(state));
        await fsp.rename(tmp, this.statePath);
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        throw err;
      }
      return result;
    } finally {
      this.release(token);
    }
  }

  async read<T>(fn: (state: SimState) => T): Promise<T> {
    return fn(await this.load());
  }

  private async load(): Promise<SimState> {
    let text: string;
    try {
      text = await fsp.readFile(this.statePath, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return emptySimState();
      throw err;
    }
    const state = JSON.parse(text) as SimState;
    if (state.version !== 1) throw new Error(`${this.statePath}: unsupported sim state version ${String(state.version)}`);
    return state;
  }

  /** Takes the lock (retrying with capped exponential backoff + jitter); returns its token. */
  private async acquire(): Promise<string> {
    const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = fs.openSync(this.lockPath, 'wx');
        try {
          fs.writeSync(fd, JSON.stringify({ pid: process.pid, token, at: Date.now() }));
        } finally {
          fs.closeSync(fd);
        }
        return token;
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST') throw err;
      }
      this.breakIfStale();
      if (Date.now() > deadline) {
        throw new Error(`FileSimStore: could not lock ${this.lockPath} within ${this.lockTimeoutMs} ms`);
      }
      const backoff = Math.min(2 ** Math.min(attempt, 5), 25);
      await sleep(backoff / 2 + Math.random() * backoff);
    }
  }

  /**
   * A lock older than `staleLockMs` belongs to a dead process (updates take milliseconds). Move
   * it aside under a unique name first, so two processes breaking it at once cannot both
   * succeed; if what we moved turns out to be fresh (someone re-took the lock in between), put
   * it back.
   */
  private breakIfStale(): void {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(this.lockPath).mtimeMs;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw err;
    }
    if (Date.now() - mtimeMs <= this.staleLockMs) return;
    const grave = `${this.lockPath}.stale.${process.pid}.${randomBytes(6).toString('hex')}`;
    try {
      fs.renameSync(this.lockPath, grave);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw err;
    }
    try {
      if (Date.now() - fs.statSync(grave).mtimeMs <= this.staleLockMs) {
        try {
          fs.linkSync(grave, this.lockPath);
        } catch {
          // Someone else holds a newer lock already; theirs stands.
        }
      }
    } finally {
      fs.rmSync(grave, { force: true });
    }
  }

  private release(token: string): void {
    try {
      const held = JSON.parse(fs.readFileSync(this.lockPath, 'utf8')) as { token?: string };
      if (held.token === token) fs.unlinkSync(this.lockPath);
    } catch {
      // Gone already (broken as stale) or unreadable: not ours to remove.
    }
  }
}
