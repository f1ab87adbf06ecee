import { Client } from 'pg';
import { eventually } from '@switchyard/testing';

/**
 * Holds a rollout's row lock from outside the worker, so the worker's next tick makes its
 * provider calls and then blocks on the write that would record them. FOR NO KEY UPDATE: the
 * cluster row's foreign-key check (made before the provider call) still gets through.
 */
export class RowHold {
  private constructor(private readonly client: Client) {}

  static async take(databaseUrl: string, rolloutId: string): Promise<RowHold> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM rollouts WHERE id = $1 FOR NO KEY UPDATE', [rolloutId]);
    return new RowHold(client);
  }

  private async blockedWriters(): Promise<number[]> {
    // Inside a transaction Postgres keeps showing the activity it first read: read it afresh.
    await this.client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%"rollouts"%'`,
    );
    return rows.map((r) => r.pid);
  }

  /** Resolves once a worker's write waits on the lock and `ready` (what it did before) holds. */
  async waitForBlockedWrite(ready: () => Promise<boolean> = async () => true): Promise<void> {
    await eventually(async () => ((await this.blockedWriters()).length > 0 && (await ready()) ? true : undefined), 30_000, 100);
  }

  /**
   * Ends the statements still waiting (a SIGKILLed worker's: Postgres would otherwise run them
   * once the lock goes — the crash must lose that write), then releases the lock.
   */
  async release(): Promise<void> {
    try {
      const pids = await this.blockedWriters();
      for (const pid of pids) await this.client.query('SELECT pg_terminate_backend($1)', [pid]);
      await eventually(async () => ((await this.blockedWriters()).length === 0 ? true : undefined), 10_000);
      await this.client.query('ROLLBACK');
    } finally {
      await this.client.end();
    }
  }
}
