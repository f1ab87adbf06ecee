/** Every item of a cursor-paginated list (limit 100 per page), bounded so a bad cursor cannot loop forever. */
import { CliError } from '../errors';

const MAX_PAGES = 100;

export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ data: T[]; next_cursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, next_cursor } = await fetchPage(cursor);
    items.push(...data);
    if (!next_cursor) return items;
    cursor = next_cursor;
  }
  throw new CliError('server', `the list did not end after ${MAX_PAGES} pages`);
}
