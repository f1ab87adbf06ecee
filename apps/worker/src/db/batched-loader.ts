interface Waiter<T> {
  resolve: (value: T | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches the loads asked for in the same turn of the event loop into one call of
 * `loadMany` (one statement, `WHERE id = ANY(…)`). With eight ticks in flight, jobs often start
 * and finish together; one statement instead of two or three saves a round trip's client CPU,
 * a Postgres parse and plan, and a wake-up of a Postgres backend on the same two cores.
 * (Prisma's `findUnique` batches the same way; the hand-written hot-path reads would lose that
 * without this.)
 *
 * A failed statement fails every load of its batch; each job is then retried as usual.
 */
export class BatchedLoader<T> {
  private pending = new Map<string, Waiter<T>[]>();

  constructor(private readonly loadMany: (ids: string[]) => Promise<Map<string, T>>) {}

  load(id: string): Promise<T | null> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      const waiters = this.pending.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(id, [{ resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      const found = await this.loadMany([...batch.keys()]);
      for (const [id, waiters] of batch)
        for (const waiter of waiters) waiter.resolve(found.get(id) ?? null);
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
