/**
 * One line saying why something failed, whatever was thrown: an Error (with its code and cause),
 * an AggregateError (whose own message is often empty: connecting to "localhost" tries ::1 and
 * 127.0.0.1), a rejected promise without a reason, a string or any other value.
 */
export function describeError(e: unknown, depth = 0): string {
  if (depth > 4) return '…';
  if (e === undefined || e === null) return 'no reason was given (a failure without an error)';
  if (e instanceof AggregateError && e.errors.length) {
    const inner = [...new Set(e.errors.map((x) => describeError(x, depth + 1)))].join('; ');
    return e.message ? `${e.message} (${inner})` : inner;
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    let text = e.message || (typeof code === 'string' ? code : '') || e.name;
    if (typeof code === 'string' && !text.includes(code)) text = `${text} (${code})`;
    if (e.cause !== undefined) {
      const cause = describeError(e.cause, depth + 1);
      if (!text.includes(cause)) text = `${text}: ${cause}`;
    }
    return text;
  }
  if (typeof e === 'string') return e || 'an empty error message';
  if (typeof e === 'number' || typeof e === 'boolean' || typeof e === 'bigint' || typeof e === 'symbol') return String(e);
  if (typeof e === 'function') return `a function (${e.name || 'anonymous'})`;
  try {
    return JSON.stringify(e);
  } catch {
    return Object.prototype.toString.call(e);
  }
}
