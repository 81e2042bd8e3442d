import { AppError } from './errors.ts';

/**
 * Keyset pagination (DESIGN.md §5): the cursor is the sort key of the last row of the page,
 * opaque to the client (base64url JSON). Pages never skip or repeat rows when rows are added.
 */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** What each part of a cursor holds, checked before it reaches SQL (a bad cast there was a 500). */
type CursorPart = 'text' | 'uuid' | 'date' | 'timestamp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})/;
/** PostgreSQL's text of a timestamptz (`2025-03-01 09:30:00.123456+01`), or ISO 8601. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

function validDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function partOk(v: string, kind: CursorPart): boolean {
  switch (kind) {
    case 'uuid':
      return UUID.test(v);
    case 'date':
      return v.length === 10 && validDay(v);
    case 'timestamp':
      return TIMESTAMP.test(v) && validDay(v);
    case 'text':
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      return v.length <= 400 && !/[\u0000-\u001F\u007F]/.test(v);
  }
}

/**
 * The sort key of a cursor, each part checked against what the query casts it to; anything else
 * (not ours, edited, truncated) is a 400 naming the cursor (`querystring.cursor` or `body.cursor`).
 */
export function decodeCursor(c: string, kinds: readonly CursorPart[], where: 'querystring' | 'body' = 'querystring'): string[] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === kinds.length && v.every((x, i) => typeof x === 'string' && partOk(x, kinds[i]!)))
      return v as string[];
  } catch {
    // reported below
  }
  throw new AppError('validation_failed', 'The cursor is not valid.', {
    errors: [{ path: `${where}.cursor`, message: 'Not a valid cursor', code: 'invalid_cursor' }],
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
