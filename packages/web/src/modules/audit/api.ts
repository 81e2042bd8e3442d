import type { AuditEvent } from '@maillon/shared/identity';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { apiDownload, apiFetch } from '../../ui/api';

export type { AuditEvent };

/** Filters of the audit log; `from`/`to` are ISO instants (`to` excluded). */
export interface AuditFilters {
  userId?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const AUDIT_PAGE_SIZE = 50;

export const auditKeys = {
  all: ['audit'] as const,
  events: (filters: AuditFilters) => ['audit', 'events', filters] as const,
};

function search(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  return params.toString();
}

/** Newest first, by keyset pages ("Charger plus"). */
export function auditEventsInfiniteQueryOptions(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: auditKeys.events(filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<{ items: AuditEvent[]; nextCursor: string | null }>(
        `/api/v1/audit/events?${search(filters, { limit: String(AUDIT_PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

/** The CSV of the filtered log. Needs a step-up: call it through `useStepUp()`. */
export const exportAuditCsv = (filters: AuditFilters) => apiDownload(`/api/v1/audit/events/export?${search(filters)}`);
