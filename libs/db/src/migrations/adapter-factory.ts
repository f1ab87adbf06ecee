import { randomUUID } from 'node:crypto';
import type { PrismaPg as PrismaPgFactory } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { Client } from 'pg';
import { charAsTextClient } from './char-as-text-client';
import { quoteIdentifier, withDatabase } from './connection-string';
import { hostRequire } from './host-require';

type PrismaPgModule = typeof import('@prisma/adapter-pg');

/**
 * `PrismaPg` for the schema engine, with three fixes:
 *
 * - It remembers every pool it opens so `closeAll()` can end them. The engine never disposes
 *   its main connection, and a forgotten `pg.Pool` keeps a script alive for the pool's idle
 *   timeout.
 * - It creates the shadow database itself. `PrismaPg.connectToShadowDb` passes the shadow
 *   name as `database` next to `connectionString`, and `pg` lets the connection string win:
 *   the "shadow" connection lands in the real database (checked: `current_database()` is the
 *   main one), and the engine would replay every migration there.
 * - Its pools use `charAsTextClient`, without which the engine cannot describe a database.
 */
export class ClosingPgAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  private readonly main: PrismaPgFactory;
  private readonly closers: Array<() => Promise<void>> = [];
  private readonly PrismaPg: PrismaPgModule['PrismaPg'];
  private readonly Client: typeof Client;

  constructor(private readonly connectionString: string) {
    this.PrismaPg = (hostRequire('@prisma/adapter-pg') as PrismaPgModule).PrismaPg;
    this.Client = charAsTextClient(hostRequire('pg') as typeof import('pg'));
    this.main = this.pgFactory(connectionString);
    this.adapterName = this.main.adapterName;
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.track(this.main);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = await this.connect();
    await admin.executeScript(`CREATE DATABASE ${quoteIdentifier(name)}`);
    const shadowUrl = withDatabase(this.connectionString, name);
    // The throw-away database goes when its adapter is disposed, by the engine or by closeAll().
    return this.track(this.pgFactory(shadowUrl), async () => {
      try {
        await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.dispose();
      }
    });
  }

  /** Ends every connection still open (newest first) and drops leftover shadow databases. */
  async closeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (let close = this.closers.pop(); close; close = this.closers.pop()) {
      try {
        await close();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0)
      throw new AggregateError(failures, 'closing schema engine connections failed');
  }

  private pgFactory(connectionString: string): PrismaPgFactory {
    return new this.PrismaPg({ connectionString, Client: this.Client });
  }

  /** Connects, and makes the adapter's dispose idempotent and part of closeAll(). */
  private async track(
    factory: PrismaPgFactory,
    afterDispose?: () => Promise<void>,
  ): Promise<SqlDriverAdapter> {
    const adapter = await factory.connect();
    const disposePool = adapter.dispose.bind(adapter);
    let disposing: Promise<void> | undefined;
    adapter.dispose = () => {
      disposing ??= (async () => {
        try {
          await disposePool();
        } finally {
          await afterDispose?.();
        }
      })();
      return disposing;
    };
    this.closers.push(adapter.dispose);
    return adapter;
  }
}
