import { randomBytes } from 'node:crypto';
import { createRedis, type Redis } from '@switchyard/platform';
import type { RedisOptions } from 'ioredis';

/**
 * Real Redis for one test file: a prefix no other file (or concurrent run) uses, every
 * connection it handed out closed at the end, and only this prefix's keys deleted.
 */
export class RedisTestContext {
  readonly prefix: string;
  private readonly connections: Redis[] = [];

  constructor(name: string) {
    this.prefix = `test:routing:${name}:${process.pid}:${randomBytes(4).toString('hex')}`;
  }

  connect(options: RedisOptions = {}): Redis {
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', options);
    this.connections.push(redis);
    return redis;
  }

  /** A connection factory whose connections carry a findable name (to kill one on purpose). */
  factory(label: string): () => Redis {
    return () => this.connect({ connectionName: this.connectionName(label) });
  }

  connectionName(label: string): string {
    return `${this.prefix.replace(/:/g, '-')}-${label}`;
  }

  /** A fresh sub-prefix, so each test starts from an empty routing table. */
  scoped(name: string): string {
    return `${this.prefix}:${name}`;
  }

  async cleanup(): Promise<void> {
    const redis = this.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await Promise.all(
      this.connections.map(async (c) => {
        if (c.status === 'end') return;
        await c.quit().catch(() => c.disconnect());
      }),
    );
  }
}
