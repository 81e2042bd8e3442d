import { useCallback, useRef } from 'react';

/**
 * An `Idempotency-Key` per submission attempt (REL-04): the same key while the body is unchanged (a retry after a
 * network error, or after a step-up, can never create twice), a new key once the body changes or after success.
 */
export function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  const keyFor = useCallback((body: unknown): string => {
    const serialised = JSON.stringify(body);
    if (last.current?.body !== serialised) last.current = { body: serialised, key: crypto.randomUUID() };
    return last.current.key;
  }, []);
  const reset = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, reset };
}
