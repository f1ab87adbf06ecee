import Redis, { type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * An ioredis connection. `maxRetriesPerRequest: null` is what BullMQ requires of the
 * connections it is given; commands queue while Redis is briefly away instead of failing.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, ...options });
}
