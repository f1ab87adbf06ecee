/**
 * "One supervisor per machine" for the local provider: a Postgres session advisory lock, held on
 * a connection of its own for as long as this worker supervises. Every worker on the machine
 * tries `pg_try_advisory_lock` (never blocking) every few seconds; the holder keeps it until it
 * stops or its connection drops — then Postgres releases the lock and another worker takes over
 * within one retry interval, adopting the replicas from the records.
 *
 * The lock is per database: every worker sharing the DATABASE_URL competes for it. The local
 * provider is for one machine (DESIGN.md), so workers on other hosts must not share a database
 * with local clusters (their supervisor could not see this machine's processes).
 */
import { Client } from 'pg';
import type { SupervisorLease } from '@switchyard/cloud-providers';
import type { Logger } from '@switchyard/platform';

/** The lock's key: `hashtext` of this name (one int4, stable across Postgres versions in use). */
export const LOCAL_SUPERVISOR_LOCK = 'switchyard.local-provider.supervisor';
/** While held, the connection is checked at most this often (a dropped one means the lock is gone). */
const CHECK_INTERVAL_MS = 5_000;

export class AdvisoryLockLease implements SupervisorLease {
  private client: Client | null = null;
  private held = false;
  private lastCheckAt = 0;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    private readonly lockName = LOCAL_SUPERVISOR_LOCK,
  ) {}

  async acquire(): Promise<boolean> {
    if (this.held && this.client) {
      if (Date.now() - this.lastCheckAt < CHECK_INTERVAL_MS) return true;
      try {
        await this.client.query('SELECT 1');
        this.lastCheckAt = Date.now();
        return true;
      } catch (error) {
        this.logger.warn({ err: error }, 'local supervisor lock connection lost');
        await this.drop();
      }
    }
    try {
      const client = this.client ?? (await this.connect());
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [this.lockName],
      );
      this.held = rows[0]?.locked === true;
      this.lastCheckAt = Date.now();
      // Not held: the connection stays open for the next try (one idle connection per waiting
      // worker rather than a new connection every few seconds).
      return this.held;
    } catch (error) {
      await this.drop();
      throw error;
    }
  }

  async release(): Promise<void> {
    if (this.client && this.held)
      await this.client
        .query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockName])
        .catch(() => undefined);
    await this.drop();
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'switchyard-local-supervisor',
    });
    client.on('error', (error) => {
      // The server went away: the lock went with the session.
      this.logger.warn({ err: error }, 'local supervisor lock connection failed');
      this.held = false;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    if (client) await client.end().catch(() => undefined);
  }
}
