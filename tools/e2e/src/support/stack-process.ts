/**
 * One control-plane process of the stack (api, worker or gateway), run from the private build
 * as `npm start` runs it from dist/: `node --enable-source-maps <build>/apps/<app>/src/main.js`.
 * It can be stopped, SIGKILLed and started again with the same environment and port, which is
 * what the crash proofs need; its JSON log lines are kept (bounded) for assertions and failures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { eventually } from '@switchyard/testing';

export type AppName = 'api' | 'worker' | 'gateway';

/** Lines kept in memory per process (older ones are only in the log file). */
const KEPT_LINES = 5_000;

export interface StackProcessOptions {
  name: AppName;
  root: string;
  buildDir: string;
  env: NodeJS.ProcessEnv;
  /** Where `/readyz` answers 200 once the process is up. */
  readyUrl: string;
  logFile: string;
  nodeFlags?: string[];
}

export class StackProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly log: WriteStream;
  readonly lines: string[] = [];
  /** How many times the process was started (restarts included). */
  starts = 0;

  constructor(private readonly options: StackProcessOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get name(): AppName {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once its `/readyz` answers 200. */
  async start(readyTimeoutMs = 60_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const { root, buildDir, env, nodeFlags = [] } = this.options;
    const entry = `${buildDir}/apps/${this.name}/src/main.js`;
    const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, entry], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    this.log.write(`--- start #${this.starts} pid ${child.pid} at ${new Date().toISOString()}\n`);
    for (const stream of [child.stdout!, child.stderr!]) {
      let buffer = '';
      stream.on('data', (chunk: Buffer) => {
        this.log.write(chunk);
        buffer += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          this.lines.push(buffer.slice(0, newline));
          buffer = buffer.slice(newline + 1);
        }
        if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
      });
    }
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(`${this.name} exited during start-up (${child.exitCode})`);
          const res = await fetch(this.options.readyUrl).catch(() => null);
          return res?.status === 200 ? true : undefined;
        },
        readyTimeoutMs,
        100,
      );
    } catch (error) {
      throw new Error(`${this.name} did not become ready: ${String(error)}\n${this.tail(30)}`);
    }
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A crash: SIGKILL, no chance to clean up. */
  kill(): Promise<number | null> {
    return this.stop('SIGKILL');
  }

  /** Stops (with `signal`) and starts again with the same environment. */
  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  /** Parsed JSON log lines (pino) matching `match`. */
  logs(match: (line: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    const found: Record<string, unknown>[] = [];
    for (const line of this.lines) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (match(parsed)) found.push(parsed);
      } catch {
        // a partial or non-JSON line
      }
    }
    return found;
  }

  tail(n: number): string {
    return this.lines
      .slice(-n)
      .map((l) => `[${this.name}] ${l}`)
      .join('\n');
  }

  async close(): Promise<void> {
    await this.stop('SIGTERM').catch(() => this.stop('SIGKILL'));
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}
