import type { Redis } from '@switchyard/platform';
import { LuaScript } from './lua-script';
import type { RoutingKeys } from './redis-keys';

/**
 * Compare-and-set on a service's revision, as one atomic script:
 * if the revision is above the stored one (live or tombstone), write or delete the entry,
 * record the revision, bump the version counter and publish the change. PUBLISH inside the
 * script means messages go out in exactly the order changes were committed, and a change that
 * was refused as stale is never announced.
 *
 * The message is assembled by concatenation, not cjson: the entry JSON passes through
 * byte-for-byte (cjson would re-encode numbers like `updatedAt` in its own float format).
 *
 * KEYS: entries, revisions, version. ARGV: serviceId, revision, entry JSON ('' = remove), channel.
 * Returns { applied (1|0), stored revision, version }.
 */
const source = `
local serviceId = ARGV[1]
local revision = tonumber(ARGV[2])
local entry = ARGV[3]
local stored = tonumber(redis.call('HGET', KEYS[2], serviceId))
if stored ~= nil and stored >= revision then
  return {0, stored, tonumber(redis.call('GET', KEYS[3]) or '0')}
end
if entry == '' then
  redis.call('HDEL', KEYS[1], serviceId)
else
  redis.call('HSET', KEYS[1], serviceId, entry)
end
redis.call('HSET', KEYS[2], serviceId, ARGV[2])
local version = redis.call('INCR', KEYS[3])
local head = '{"kind":"' .. (entry == '' and 'remove' or 'upsert') .. '","version":' .. version ..
  ',"serviceId":' .. cjson.encode(serviceId) .. ',"revision":' .. ARGV[2]
if entry == '' then
  redis.call('PUBLISH', ARGV[4], head .. '}')
else
  redis.call('PUBLISH', ARGV[4], head .. ',"entry":' .. entry .. '}')
end
return {1, revision, version}
`;

const script = new LuaScript(source, 3);

export interface CompareAndSetResult {
  /** False when the stored revision was already at or above the one given (nothing changed). */
  applied: boolean;
  /** The service's revision in Redis after the call. */
  revision: number;
  /** The routing version counter after the call. */
  version: number;
}

export async function compareAndSet(
  redis: Redis,
  keys: RoutingKeys,
  serviceId: string,
  revision: number,
  entryJson: string | null,
): Promise<CompareAndSetResult> {
  if (!Number.isSafeInteger(revision) || revision < 0)
    throw new Error(`invalid revision ${revision}`);
  const reply = (await script.run(
    redis,
    [keys.entries, keys.revisions, keys.version],
    [serviceId, String(revision), entryJson ?? '', keys.channel],
  )) as [number, number, number];
  return { applied: reply[0] === 1, revision: Number(reply[1]), version: Number(reply[2]) };
}
