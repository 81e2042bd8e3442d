import { AppError } from './errors.ts';

/**
 * Keyset pagination (DESIGN.md §5): the cursor is the sort key of the last row of the page,
 * opaque to the client (base64url JSON). Pages never skip or repeat rows when rows are added.
 */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(c: string, arity: number): string[] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // reported below
  }
  throw new AppError('validation_failed', 'The cursor is not valid.', {
    errors: [{ path: 'querystring.cursor', message: 'invalid cursor', code: 'invalid_cursor' }],
  });
}

/**
 * The cursor part of a timestamp sort key: the text PostgreSQL sent (raw queries keep timestamps
 * as text), kept as it is, to the microsecond. A key cut to the millisecond (`Date`,
 * `toISOString`) would skip the rows that share the last row's millisecond, e.g. every other
 * referral entered in the same transaction; so this takes text only (select `col::text` from a
 * query builder).
 */
export function timestampKey(v: string): string {
  return v;
}

/** Cuts the `limit + 1` rows fetched into a page and the cursor of the next one. */
export function toPage<T>(rows: T[], limit: number, keyOf: (last: T) => string[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
