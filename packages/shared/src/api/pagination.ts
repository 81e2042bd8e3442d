import { z } from 'zod';
import { cursorField } from './fields.ts';

export const MAX_PAGE_SIZE = 200;

/** Keyset pagination query: an opaque cursor from the previous page and a capped page size. */
export const pageQuerySchema = z.strictObject({
  cursor: cursorField.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
