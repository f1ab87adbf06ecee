import { z } from 'zod';

/** DNS-label style names: they appear in service URLs (`<service>--<project>.<base domain>`). */
export const dnsLabel = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'lower-case letters, digits and inner hyphens only')
  .refine((v) => !v.includes('--'), 'may not contain "--" (it separates service and project in URLs)');

/** Names of clouds and compute configs. */
export const resourceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_", starting with a letter or digit');

export const uuid = z.uuid();
export const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

/** Cursor pagination for every list: `limit` ≤ 100, `cursor` from the previous page's `next_cursor`. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  });
}
export type Page<T> = { data: T[]; next_cursor: string | null };

export const emptyObject = z.strictObject({});
