import type {
  CaseloadQuery,
  Person,
  PersonCreate,
  PersonSummary,
  duplicateMatchSchema,
  legalProtectionInputSchema,
  legalProtectionSchema,
  legalProtectionUpdateSchema,
  personUpdateSchema,
  professionalInputSchema,
  professionalSchema,
  professionalUpdateSchema,
  relativeInputSchema,
  relativeSchema,
  relativeUpdateSchema,
} from '@maillon/shared/people';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch, apiRequest, isApiError } from '../../ui/api';

export type { Person, PersonCreate, PersonSummary };
export type PersonUpdate = z.infer<typeof personUpdateSchema>;
export type DuplicateMatch = z.infer<typeof duplicateMatchSchema>;
export type Relative = z.infer<typeof relativeSchema>;
export type RelativeInput = z.input<typeof relativeInputSchema>;
export type RelativeUpdate = z.input<typeof relativeUpdateSchema>;
export type Protection = z.infer<typeof legalProtectionSchema>;
export type ProtectionInput = z.input<typeof legalProtectionInputSchema>;
export type ProtectionUpdate = z.input<typeof legalProtectionUpdateSchema>;
export type Professional = z.infer<typeof professionalSchema>;
export type ProfessionalInput = z.input<typeof professionalInputSchema>;
export type ProfessionalUpdate = z.input<typeof professionalUpdateSchema>;

/** The sections of the record kept as lists of their own, each with its API path. */
export interface SectionItems {
  relatives: Relative;
  protections: Protection;
  professionals: Professional;
}
export type SectionName = keyof SectionItems;

/** A resource read with its `ETag`, to send back as `If-Match` (REL-05). */
export interface Versioned<T> {
  data: T;
  etag: string;
}

export type CaseloadFilters = Omit<CaseloadQuery, 'cursor' | 'limit'>;

const API = '/api/v1/people';
const person = (id: string) => `${API}/${encodeURIComponent(id)}`;
const json = (method: string, body?: unknown, headers?: HeadersInit) => ({ method, body, headers });

export const CASELOAD_PAGE_SIZE = 50;

export const peopleKeys = {
  all: ['people'] as const,
  caseloads: ['people', 'caseload'] as const,
  caseload: (filters: CaseloadFilters) => ['people', 'caseload', filters] as const,
  duplicates: (query: DuplicateQuery) => ['people', 'duplicates', query] as const,
  services: ['identity', 'services'] as const,
  /** Everything read about one person: the record and its sections (one invalidation refreshes them all). */
  person: (id: string) => ['people', 'person', id] as const,
  record: (id: string) => ['people', 'person', id, 'record'] as const,
  section: (id: string, section: SectionName) => ['people', 'person', id, section] as const,
};

/** The ETag of an item read from a list (the server's ETag is the quoted version). */
export const etagOf = (version: number) => `"${version}"`;

export const isNotFound = (error: unknown) => isApiError(error) && error.status === 404;
export const isPreconditionFailed = (error: unknown) => isApiError(error) && error.status === 412;
export const isConflict = (error: unknown) => isApiError(error) && error.status === 409;

// --- caseload --------------------------------------------------------------------------------------------------------

/** Keyset pages of the caseload ("Charger plus"). POST, so that names never travel in URLs (SEC-DP-02). */
export function caseloadInfiniteQueryOptions(filters: CaseloadFilters) {
  return infiniteQueryOptions({
    queryKey: peopleKeys.caseload(filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<{ items: PersonSummary[]; nextCursor: string | null }>(`${API}/search`, {
        method: 'POST',
        body: { ...filters, limit: CASELOAD_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

export interface ServiceChoice {
  id: string;
  name: string;
  archived: boolean;
}

/**
 * The organisation's services, for the filters and the "service" field. Same key and shape as the identity module's
 * read of `/identity/services`, so that both share one cache entry and one invalidation.
 */
export function serviceChoicesQueryOptions() {
  return queryOptions({
    queryKey: peopleKeys.services,
    queryFn: ({ signal }) => apiFetch<{ items: ServiceChoice[] }>('/api/v1/identity/services', { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

// --- duplicates and creation ---------------------------------------------------------------------------------------

export interface DuplicateQuery {
  birthName: string;
  usedName: string | null;
  firstNames: string;
  birthDate: string;
  insMatricule: string | null;
}

export function duplicatesQueryOptions(query: DuplicateQuery) {
  return queryOptions({
    queryKey: peopleKeys.duplicates(query),
    queryFn: ({ signal }) =>
      apiFetch<{ items: DuplicateMatch[] }>(`${API}/duplicates`, { ...json('POST', query), signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

export const createPerson = (body: PersonCreate, idempotencyKey: string) =>
  apiFetch<Person>(API, json('POST', body, { 'Idempotency-Key': idempotencyKey }));

/** The duplicates sent with a 409 `conflict` when the person was created without reviewing them. */
export function duplicatesOf(error: unknown): DuplicateMatch[] | null {
  if (!isApiError(error) || error.status !== 409) return null;
  const current = error.current as { duplicates?: unknown } | undefined;
  return Array.isArray(current?.duplicates) ? (current.duplicates as DuplicateMatch[]) : null;
}

// --- the record ------------------------------------------------------------------------------------------------------

export function personQueryOptions(id: string) {
  return queryOptions({
    queryKey: peopleKeys.record(id),
    queryFn: async ({ signal }): Promise<Versioned<Person>> => {
      const { data, headers } = await apiRequest<Person>(person(id), { signal });
      return { data, etag: headers.get('ETag') ?? etagOf(data.version) };
    },
    staleTime: 0,
  });
}

export const updatePerson = (id: string, etag: string, body: PersonUpdate) =>
  apiFetch<Person>(person(id), json('PATCH', body, { 'If-Match': etag }));
export const revealIns = (id: string) => apiFetch<{ matricule: string }>(`${person(id)}/ins/reveal`, json('POST'));
export const mergePerson = (keepId: string, body: { duplicateId: string; reason: string }) =>
  apiFetch<Person>(`${person(keepId)}/merge`, json('POST', body));

// --- relatives, protections, professionals -------------------------------------------------------------------------

export function sectionQueryOptions<S extends SectionName>(id: string, section: S) {
  return queryOptions({
    queryKey: peopleKeys.section(id, section),
    queryFn: ({ signal }) => apiFetch<{ items: SectionItems[S][] }>(`${person(id)}/${section}`, { signal }).then((r) => r.items),
    staleTime: 0,
  });
}

export interface SectionInputs {
  relatives: RelativeInput;
  protections: ProtectionInput;
  professionals: ProfessionalInput;
}
export interface SectionUpdates {
  relatives: RelativeUpdate;
  protections: ProtectionUpdate;
  professionals: ProfessionalUpdate;
}

export const addToSection = <S extends SectionName>(id: string, section: S, body: SectionInputs[S], idempotencyKey: string) =>
  apiFetch<SectionItems[S]>(`${person(id)}/${section}`, json('POST', body, { 'Idempotency-Key': idempotencyKey }));

/** Changes an entry, or withdraws one made in error with `{ archived: true }` (never deleted). */
export const updateInSection = <S extends SectionName>(id: string, section: S, item: SectionItems[S], body: SectionUpdates[S]) =>
  apiFetch<SectionItems[S]>(
    `${person(id)}/${section}/${encodeURIComponent(item.id)}`,
    json('PATCH', body, { 'If-Match': etagOf(item.version) }),
  );
