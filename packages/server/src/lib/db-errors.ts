/** The SQLSTATE of a database error, whether the driver's error or drizzle's wrapper around it. */
export function pgCode(e: unknown): string | undefined {
  const x = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = x?.code ?? x?.cause?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The error, its causes (drizzle wraps the driver's error) and the parts of an AggregateError. */
function* chain(e: unknown, depth = 0): Generator<{ code?: unknown; message?: unknown }> {
  if (!e || typeof e !== 'object' || depth > 5) return;
  const x = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  yield x;
  if (x.cause) yield* chain(x.cause, depth + 1);
  if (Array.isArray(x.errors)) for (const inner of x.errors) yield* chain(inner, depth + 1);
}

/** SQLSTATEs of a database that is shutting down, crashed, starting up, or a lost connection. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres says these in words only.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client was closed/;

/** The database is away (stopped, crashed, restarting, unreachable): the request may be retried later. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (const x of chain(e)) {
    if (typeof x.code === 'string' && (UNAVAILABLE_SQLSTATES.has(x.code) || UNAVAILABLE_SOCKET_CODES.has(x.code))) return true;
    if (typeof x.message === 'string' && UNAVAILABLE_MESSAGES.test(x.message)) return true;
  }
  return false;
}

/** Where a write failed for lack of disk space: the database server (SQLSTATE 53100) or this server's files (ENOSPC). */
export function diskFull(e: unknown): 'database' | 'files' | null {
  for (const x of chain(e)) {
    if (x.code === '53100') return 'database';
    if (x.code === 'ENOSPC' || x.code === 'EDQUOT') return 'files';
  }
  return null;
}
