import type {
  JournalCorrectionInput,
  JournalCreateInput,
  JournalEntry,
  JournalHandover,
  JournalHistory,
  JournalKind,
  JournalPage,
  JournalUnread,
} from '@maillon/shared/coordination';
import type { InfoCategory } from '@maillon/shared/people';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiDownload, apiFetch, apiRequest } from '../../ui/api';

export type { JournalEntry, JournalHandover, JournalHistory, JournalPage, JournalUnread };

const API = '/api/v1';
const enc = encodeURIComponent;
export const JOURNAL_PAGE_SIZE = 30;

/** Filters of a timeline (a person's or the service's). `from`/`to` are Paris days; `q` switches to the full-text search. */
export interface JournalFilters {
  kind?: JournalKind | undefined;
  category?: InfoCategory | undefined;
  authorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  urgent?: boolean | undefined;
  q?: string | undefined;
  includeInError?: boolean | undefined;
  serviceId?: string | undefined;
}

/** One query-options factory per read (STYLE.md 11); every key starts with `journal`, so one invalidation refreshes all. */
export const journalKeys = {
  all: ['journal'] as const,
  person: (personId: string, filters: JournalFilters) => ['journal', 'person', personId, filters] as const,
  service: (filters: JournalFilters) => ['journal', 'service', filters] as const,
  history: (entryId: string) => ['journal', 'history', entryId] as const,
  handover: ['journal', 'handover'] as const,
  unread: ['journal', 'unread'] as const,
  team: (personId: string) => ['journal', 'team', personId] as const,
  services: ['journal', 'services'] as const,
};

function params(values: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') search.set(key, String(value));
  return search.toString();
}

/** A page of entries: the filtered timeline, or — with a text — the full-text search, whose text goes in a POST body (SEC-DP-02). */
function fetchPage(scope: { personId?: string }, filters: JournalFilters, cursor: string | undefined, signal: AbortSignal) {
  const { q, includeInError, serviceId, urgent, ...rest } = filters;
  if (q && q.trim().length >= 2) {
    return apiFetch<JournalPage>(`${API}/journal/search`, {
      method: 'POST',
      body: {
        q: q.trim(),
        ...(scope.personId ? { personId: scope.personId } : {}),
        ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== '')),
        ...(urgent ? { urgent: true } : {}),
        ...(cursor ? { cursor } : {}),
        limit: JOURNAL_PAGE_SIZE,
      },
      signal,
    });
  }
  const query = params({
    ...rest,
    urgent: urgent ? 'true' : undefined,
    includeInError: includeInError ? 'true' : undefined,
    serviceId: scope.personId ? undefined : serviceId,
    cursor,
    limit: JOURNAL_PAGE_SIZE,
  });
  const path = scope.personId ? `${API}/people/${enc(scope.personId)}/journal` : `${API}/journal`;
  return apiFetch<JournalPage>(`${path}?${query}`, { signal });
}

/** A person's journal, newest fact first, by keyset pages ("Charger plus"). */
export function personJournalQueryOptions(personId: string, filters: JournalFilters) {
  return infiniteQueryOptions({
    queryKey: journalKeys.person(personId, filters),
    queryFn: ({ pageParam, signal }) => fetchPage({ personId }, filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

/** The service-wide journal: every person the caller may read. */
export function serviceJournalQueryOptions(filters: JournalFilters) {
  return infiniteQueryOptions({
    queryKey: journalKeys.service(filters),
    queryFn: ({ pageParam, signal }) => fetchPage({}, filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

export function historyQueryOptions(entryId: string) {
  return queryOptions({
    queryKey: journalKeys.history(entryId),
    queryFn: ({ signal }) => apiFetch<JournalHistory>(`${API}/journal/entries/${enc(entryId)}/versions`, { signal }),
    staleTime: 0,
  });
}

export function handoverQueryOptions() {
  return queryOptions({
    queryKey: journalKeys.handover,
    queryFn: ({ signal }) => apiFetch<JournalHandover>(`${API}/journal/handover?perPerson=10`, { signal }),
    staleTime: 0,
  });
}

export function unreadQueryOptions() {
  return queryOptions({
    queryKey: journalKeys.unread,
    queryFn: ({ signal }) => apiFetch<JournalUnread>(`${API}/journal/unread`, { signal }),
    staleTime: 30_000,
    refetchInterval: 5 * 60_000,
  });
}

/** A member of the person's care team who has an account (may be named to acknowledge an entry). */
export interface TeamChoice {
  userId: string;
  displayName: string;
  profession: string | null;
  role: string | null;
}

export function careTeamChoicesQueryOptions(personId: string) {
  return queryOptions({
    queryKey: journalKeys.team(personId),
    queryFn: ({ signal }) =>
      apiFetch<{
        items: { userId: string | null; displayName: string; profession: string | null; role: string | null; active: boolean }[];
      }>(`${API}/people/${enc(personId)}/care-team`, { signal }).then((r) =>
        r.items
          .filter((m): m is typeof m & { userId: string } => m.active && m.userId !== null)
          .map(({ userId, displayName, profession, role }) => ({ userId, displayName, profession, role })),
      ),
    staleTime: 60_000,
  });
}

export interface ServiceChoice {
  id: string;
  name: string;
}
export function serviceChoicesQueryOptions() {
  return queryOptions({
    queryKey: journalKeys.services,
    queryFn: ({ signal }) =>
      apiFetch<{ items: { id: string; name: string; archived: boolean }[] }>(`${API}/identity/services`, { signal }).then((r) =>
        r.items.filter((s) => !s.archived).map(({ id, name }) => ({ id, name })),
      ),
    staleTime: 5 * 60_000,
  });
}

const etagOf = (entry: JournalEntry) => `"${entry.version}"`;

/** Writes an entry. The key is kept with a draft waiting for the network, so a resend never writes twice (REL-04). */
export const createEntry = (personId: string, body: JournalCreateInput, idempotencyKey: string) =>
  apiFetch<JournalEntry>(`${API}/people/${enc(personId)}/journal`, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });

/** A correction is a new version, on the version the author read (`If-Match`): a concurrent correction is 412, never lost. */
export const correctEntry = (entry: JournalEntry, body: JournalCorrectionInput) =>
  apiRequest<JournalEntry>(`${API}/journal/entries/${enc(entry.id)}/versions`, {
    method: 'POST',
    body,
    headers: { 'If-Match': etagOf(entry) },
  }).then((r) => r.data);

export const markEnteredInError = (entry: JournalEntry, reason: string) =>
  apiFetch<JournalEntry>(`${API}/journal/entries/${enc(entry.id)}/entered-in-error`, {
    method: 'POST',
    body: { reason },
    headers: { 'If-Match': etagOf(entry) },
  });

export const acknowledgeEntry = (entryId: string) =>
  apiFetch<JournalEntry>(`${API}/journal/entries/${enc(entryId)}/acknowledge`, { method: 'POST' });

export const acknowledgeHandover = (asOf: string) =>
  apiFetch<JournalUnread>(`${API}/journal/handover/acknowledge`, { method: 'POST', body: { asOf } });

/** The journal of a period as a PDF. Needs a fresh authentication: call it through `useStepUp()`. */
export const downloadJournalPdf = (personId: string, period: { from: string; to: string; categories?: InfoCategory[] | undefined }) =>
  apiDownload(
    `${API}/people/${enc(personId)}/journal/pdf?${params({
      from: period.from,
      to: period.to,
      categories: period.categories?.length ? period.categories.join(',') : undefined,
    })}`,
  );
