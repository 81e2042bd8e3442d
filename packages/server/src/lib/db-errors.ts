/** The SQLSTATE of a database error, whether the driver's error or drizzle's wrapper around it. */
export function pgCode(e: unknown): string | undefined {
  const x = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = x?.code ?? x?.cause?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
