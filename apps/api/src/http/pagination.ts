import type { Page } from '@switchyard/contracts';
import { AppError } from './app-error';

/**
 * Keyset pagination: the cursor is the last key of the previous page, opaque to callers
 * (base64url JSON). Pages stay stable while rows are inserted, unlike offsets.
 */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string' && parsed.k.length > 0 && parsed.k.length <= 200) return parsed.k;
  } catch {
    // fall through to the field error
  }
  throw AppError.invalid([{ path: 'query.cursor', message: 'not a cursor returned by this API' }]);
}

export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says whether there is a next page. */
export function toPage<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => string, map: (row: Row) => Item): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { data: pageRows.map(map), next_cursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
