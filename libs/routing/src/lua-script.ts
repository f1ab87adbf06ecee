import { createHash } from 'node:crypto';
import type { Redis } from '@switchyard/platform';

/**
 * A Lua script run by its SHA (EVALSHA), loaded on first use or after Redis lost its script
 * cache (restart, SCRIPT FLUSH). Done here instead of `redis.defineCommand` so that we never
 * add methods to a connection the caller owns and shares.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    if (keys.length !== this.numberOfKeys)
      throw new Error(`script expects ${this.numberOfKeys} keys, got ${keys.length}`);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
