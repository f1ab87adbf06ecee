import type { Redis } from '@switchyard/platform';
import { parseChangeMessage } from './change-message';
import { routingKeys, type RoutingKeys } from './redis-keys';
import type { RoutingTable } from './routing-table';
import { readSnapshot } from './snapshot';
import { SubscriberState } from './subscriber-state';

export const RESYNC_INTERVAL_MIN_MS = 1000;
export const RESYNC_INTERVAL_MAX_MS = 5000;
export const RESYNC_INTERVAL_DEFAULT_MS = 2000;

export interface RoutingTableChange {
  cause: 'message' | 'resync';
  /** Services whose entry was added, replaced or removed. */
  serviceIds: string[];
}

export interface RoutingSubscriberOptions {
  /**
   * Period of the full resync: the bound on how long a lost message (or a gap while
   * reconnecting) can leave this gateway behind. 1000..5000 ms, default 2000.
   */
  resyncIntervalMs?: number;
  /** Called after each swap of the table, with the new table. Exceptions go to `onError`. */
  onChange?: (table: RoutingTable, change: RoutingTableChange) => void;
  /** Connection errors, failed resyncs, unreadable messages or entries. Never thrown. */
  onError?: (error: Error) => void;
}

/** Makes a new connection; called twice (commands, and the dedicated pub/sub connection). */
export type RedisFactory = () => Redis;

/**
 * The read side, one per gateway process. Holds the routing table in memory so the request path
 * never waits on Redis:
 * - a dedicated connection subscribes to the change channel (a connection in subscriber mode
 *   cannot run commands), and each change is applied by swapping in a new immutable table;
 * - the full snapshot is read at start, on every reconnect of the subscriber connection, when a
 *   message reveals a gap in the version sequence, and every `resyncIntervalMs` regardless, so a
 *   lost message or a late gateway converges within one interval;
 * - stale revisions, from either path, are ignored.
 */
export class RoutingSubscriber {
  private state = SubscriberState.empty;
  private resyncing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  private loaded = false;
  private lastResync = 0;
  private readonly resyncIntervalMs: number;

  private constructor(
    private readonly commands: Redis,
    private readonly subscriber: Redis,
    private readonly keys: RoutingKeys,
    private readonly options: RoutingSubscriberOptions,
  ) {
    this.resyncIntervalMs = options.resyncIntervalMs ?? RESYNC_INTERVAL_DEFAULT_MS;
  }

  /**
   * Subscribes, then loads the snapshot (in that order, so no change falls between the two),
   * and resolves once the table is loaded. Rejects (and closes its connections) if the first
   * load fails: a gateway without a routing table should not report ready.
   */
  static async start(
    createConnection: RedisFactory,
    prefix: string,
    options: RoutingSubscriberOptions = {},
  ): Promise<RoutingSubscriber> {
    const interval = options.resyncIntervalMs ?? RESYNC_INTERVAL_DEFAULT_MS;
    if (
      !Number.isInteger(interval) ||
      interval < RESYNC_INTERVAL_MIN_MS ||
      interval > RESYNC_INTERVAL_MAX_MS
    ) {
      throw new RangeError(
        `resyncIntervalMs must be an integer in ${RESYNC_INTERVAL_MIN_MS}..${RESYNC_INTERVAL_MAX_MS}, got ${interval}`,
      );
    }
    const keys = routingKeys(prefix);
    const subscriber = new RoutingSubscriber(createConnection(), createConnection(), keys, options);
    try {
      await subscriber.open();
    } catch (error) {
      await subscriber.close();
      throw error;
    }
    return subscriber;
  }

  /** The current table. Immutable: hold it for a whole request if you like. */
  table(): RoutingTable {
    return this.state.table;
  }

  /** The highest routing version this subscriber has seen (comparable across gateways). */
  get version(): number {
    return this.state.version;
  }

  /** Epoch ms of the last successful full resync (for readiness and staleness metrics). */
  get lastResyncAt(): number {
    return this.lastResync;
  }

  /** Reads the full snapshot now; concurrent calls share one read. */
  resync(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.resyncing ??= this.doResync().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  /** Stops the timer and closes both connections; the table stays readable, frozen as it was. Idempotent. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      this.closing = Promise.all([quit(this.subscriber), quit(this.commands)]).then(
        () => undefined,
      );
    }
    return this.closing;
  }

  private async open(): Promise<void> {
    const report = (error: Error) => this.report(error);
    this.commands.on('error', report);
    this.subscriber.on('error', report);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.keys.channel) this.onMessage(message);
    });
    await this.subscriber.subscribe(this.keys.channel);
    await this.doResync();
    this.loaded = true;
    // Messages published while the subscriber connection was down are lost for good: reload.
    // (ioredis re-subscribes by itself on reconnect.)
    this.subscriber.on('ready', () => this.resyncInBackground());
    this.timer = setInterval(() => this.resyncInBackground(), this.resyncIntervalMs);
    // The gateway's server keeps the process alive; this timer alone should not.
    this.timer.unref();
  }

  private async doResync(): Promise<void> {
    const before = this.state;
    const snapshot = await readSnapshot(this.commands, this.keys);
    if (this.closed) return;
    for (const invalid of snapshot.invalid) {
      this.report(new Error(`routing entry ${invalid.serviceId} ignored: ${invalid.reason}`));
    }
    const { state, changed } = this.state.applySnapshot(snapshot, before);
    this.swap(state, { cause: 'resync', serviceIds: changed });
    this.lastResync = Date.now();
  }

  private resyncInBackground(): void {
    if (this.closed) return;
    this.resync().catch((error: unknown) => this.report(toError(error)));
  }

  private onMessage(raw: string): void {
    if (this.closed) return;
    const message = parseChangeMessage(raw);
    if (!message) {
      this.report(new Error(`unreadable routing change message: ${raw.slice(0, 200)}`));
      this.resyncInBackground();
      return;
    }
    const { state, changed, gap } = this.state.applyMessage(message);
    this.swap(state, { cause: 'message', serviceIds: changed });
    if (gap && this.loaded) this.resyncInBackground();
  }

  /** The one assignment readers can observe. */
  private swap(state: SubscriberState, change: RoutingTableChange): void {
    const tableChanged = state.table !== this.state.table;
    this.state = state;
    if (!tableChanged || !this.options.onChange) return;
    try {
      this.options.onChange(state.table, change);
    } catch (error) {
      this.report(toError(error));
    }
  }

  private report(error: Error): void {
    if (this.closed) return;
    this.options.onError?.(error);
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function quit(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
