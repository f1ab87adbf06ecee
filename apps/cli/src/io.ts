/**
 * What a command may touch of the outside world, passed in rather than read from globals so
 * the whole CLI runs in-process in tests (`run(argv, io)`) exactly as `./switchyard` does.
 */
export interface OutputStream {
  write(text: string): unknown;
}

export interface RunOptions {
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** stdout is a terminal: progress rewrites one line in place instead of printing lines. */
  isTTY: boolean;
  /** For `login --token-stdin` (and the token prompt on a terminal). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Home directory (the config file's fallback location); defaults to os.homedir(). */
  homeDir?: string;
  /** Polling period of --wait, --watch and `service wait`. */
  pollIntervalMs?: number;
  /** Bounds of the retry loop for network errors, 429 and 5xx. */
  retry?: Partial<RetryPolicy>;
}

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** One attempt's time limit (connect to last byte). */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  requestTimeoutMs: 30_000,
};
export const DEFAULT_POLL_INTERVAL_MS = 2_000;

/** Resolved once per run: what every command gets. */
export interface Context {
  io: RunOptions;
  out(text: string): void;
  err(text: string): void;
  pollIntervalMs: number;
  retry: RetryPolicy;
}

export function contextFor(io: RunOptions): Context {
  return {
    io,
    out: (text) => void io.stdout.write(text),
    err: (text) => void io.stderr.write(text),
    pollIntervalMs: io.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    retry: { ...DEFAULT_RETRY, ...io.retry },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
