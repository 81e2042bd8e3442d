import type {
  Assessment,
  AssessmentComparison,
  AssessmentCreate,
  AssessmentSeries,
  AssessmentSummary,
  AssessmentUpdate,
  Instrument,
  InstrumentVersion,
  NeedType,
  NeedsSummary,
  ResultInput,
  ResultUpdate,
  AssessmentDomain,
} from '@maillon/shared/assessments';
import type { Person } from '@maillon/shared/people';
import { queryOptions } from '@tanstack/react-query';
import { apiDownload, apiFetch, apiRequest, isApiError } from '../../ui/api';

export type {
  Assessment,
  AssessmentComparison,
  AssessmentCreate,
  AssessmentSeries,
  AssessmentSummary,
  AssessmentUpdate,
  Instrument,
  InstrumentVersion,
  NeedType,
  NeedsSummary,
  ResultInput,
  ResultUpdate,
};

/** An assessment read with its `ETag`, to send back as `If-Match` (REL-05). */
export interface Versioned<T> {
  data: T;
  etag: string;
}

const API = '/api/v1';
const enc = encodeURIComponent;
const json = (method: string, body?: unknown, headers?: HeadersInit) => ({ method, body, headers });

/** The server's ETag is the quoted version. */
export const etagOf = (version: number) => `"${version}"`;

export const isPreconditionFailed = (error: unknown) => isApiError(error) && error.status === 412;
export const isNotFound = (error: unknown) => isApiError(error) && error.status === 404;
/** The request never reached the server (offline, server down): worth keeping and sending again. */
export const isNetworkError = (error: unknown) => isApiError(error) && error.status === 0;

export const assessmentKeys = {
  all: ['assessments'] as const,
  person: (personId: string) => ['assessments', 'person', personId] as const,
  list: (personId: string) => ['assessments', 'person', personId, 'list'] as const,
  series: (personId: string) => ['assessments', 'person', personId, 'series'] as const,
  header: (personId: string) => ['assessments', 'person', personId, 'header'] as const,
  detail: (id: string) => ['assessments', 'detail', id] as const,
  needs: (id: string) => ['assessments', 'detail', id, 'needs'] as const,
  compare: (a: string, b: string) => ['assessments', 'compare', a, b] as const,
  taxonomy: (includeRetired: boolean) => ['assessments', 'taxonomy', includeRetired] as const,
  taxonomyAll: ['assessments', 'taxonomy'] as const,
  instruments: ['assessments', 'instruments'] as const,
};

// --- the person ------------------------------------------------------------------------------------------------------

/** What the assessment pages need of the person: the name for the header, and the categories the caller may read and write. */
export interface PersonHeader {
  id: string;
  name: string;
  categories: string[];
  readOnly: boolean;
  merged: boolean;
}

export function personHeaderQueryOptions(personId: string) {
  return queryOptions({
    queryKey: assessmentKeys.header(personId),
    queryFn: async ({ signal }): Promise<PersonHeader> => {
      const p = await apiFetch<Person>(`${API}/people/${enc(personId)}`, { signal });
      return {
        id: p.id,
        name: `${(p.usedName || p.birthName).toLocaleUpperCase('fr-FR')} ${p.firstNames}`,
        categories: p.access.categories,
        readOnly: p.access.readOnly,
        merged: p.mergedInto !== null,
      };
    },
    staleTime: 60_000,
  });
}

// --- assessments -----------------------------------------------------------------------------------------------------

export function assessmentListQueryOptions(personId: string) {
  return queryOptions({
    queryKey: assessmentKeys.list(personId),
    queryFn: ({ signal }) =>
      apiFetch<{ items: AssessmentSummary[]; nextCursor: string | null }>(`${API}/people/${enc(personId)}/assessments?limit=200`, {
        signal,
      }),
    staleTime: 0,
  });
}

export function assessmentSeriesQueryOptions(personId: string) {
  return queryOptions({
    queryKey: assessmentKeys.series(personId),
    queryFn: ({ signal }) => apiFetch<AssessmentSeries>(`${API}/people/${enc(personId)}/assessments/series`, { signal }),
    staleTime: 0,
  });
}

export function assessmentQueryOptions(id: string) {
  return queryOptions({
    queryKey: assessmentKeys.detail(id),
    queryFn: async ({ signal }): Promise<Versioned<Assessment>> => {
      const { data, headers } = await apiRequest<Assessment>(`${API}/assessments/${enc(id)}`, { signal });
      return { data, etag: headers.get('ETag') ?? etagOf(data.version) };
    },
    staleTime: 0,
  });
}

export function needsSummaryQueryOptions(id: string) {
  return queryOptions({
    queryKey: assessmentKeys.needs(id),
    queryFn: ({ signal }) => apiFetch<NeedsSummary>(`${API}/assessments/${enc(id)}/needs`, { signal }),
  });
}

export function comparisonQueryOptions(a: string, b: string) {
  return queryOptions({
    queryKey: assessmentKeys.compare(a, b),
    queryFn: ({ signal }) => apiFetch<AssessmentComparison>(`${API}/assessments/compare?a=${enc(a)}&b=${enc(b)}`, { signal }),
  });
}

const versioned = async (promise: Promise<{ data: Assessment; headers: Headers }>): Promise<Versioned<Assessment>> => {
  const { data, headers } = await promise;
  return { data, etag: headers.get('ETag') ?? etagOf(data.version) };
};

/** Starts an assessment. The key is generated once per new assessment and kept with its offline draft: resending never creates twice. */
export const createAssessment = (personId: string, body: AssessmentCreate, idempotencyKey: string) =>
  versioned(
    apiRequest<Assessment>(`${API}/people/${enc(personId)}/assessments`, json('POST', body, { 'Idempotency-Key': idempotencyKey })),
  );

export const updateAssessment = (id: string, etag: string, body: AssessmentUpdate) =>
  versioned(apiRequest<Assessment>(`${API}/assessments/${enc(id)}`, json('PATCH', body, { 'If-Match': etag })));

export const addResult = (id: string, etag: string, body: ResultInput, idempotencyKey: string) =>
  versioned(
    apiRequest<Assessment>(
      `${API}/assessments/${enc(id)}/results`,
      json('POST', body, { 'If-Match': etag, 'Idempotency-Key': idempotencyKey }),
    ),
  );

export const updateResult = (id: string, resultId: string, etag: string, body: ResultUpdate) =>
  versioned(apiRequest<Assessment>(`${API}/assessments/${enc(id)}/results/${enc(resultId)}`, json('PATCH', body, { 'If-Match': etag })));

export const signAssessment = (id: string, etag: string) =>
  versioned(apiRequest<Assessment>(`${API}/assessments/${enc(id)}/sign`, json('POST', undefined, { 'If-Match': etag })));

export const correctAssessment = (id: string, reason: string, idempotencyKey: string) =>
  versioned(
    apiRequest<Assessment>(`${API}/assessments/${enc(id)}/correct`, json('POST', { reason }, { 'Idempotency-Key': idempotencyKey })),
  );

export const discardAssessment = (id: string, etag: string, reason: string) =>
  versioned(apiRequest<Assessment>(`${API}/assessments/${enc(id)}/discard`, json('POST', { reason }, { 'If-Match': etag })));

export const downloadAssessmentPdf = (id: string) =>
  apiDownload(`${API}/assessments/${enc(id)}/pdf`, { headers: { Accept: 'application/pdf' } });

// --- catalogue: instruments and needs ----------------------------------------------------------------------------------

export function needsTaxonomyQueryOptions(includeRetired = false) {
  return queryOptions({
    queryKey: assessmentKeys.taxonomy(includeRetired),
    queryFn: ({ signal }) =>
      apiFetch<{ items: NeedType[] }>(`${API}/assessments/needs-taxonomy${includeRetired ? '?includeRetired=true' : ''}`, { signal }).then(
        (r) => r.items,
      ),
    // Read once per visit: a form filled offline keeps the list it opened with.
    staleTime: includeRetired ? 0 : 10 * 60_000,
  });
}

export function instrumentsQueryOptions() {
  return queryOptions({
    queryKey: assessmentKeys.instruments,
    queryFn: ({ signal }) => apiFetch<{ items: Instrument[] }>(`${API}/assessments/instruments`, { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

export interface InstrumentCreate {
  kind: 'zarit' | 'questionnaire';
  title?: string;
  description?: string | null;
  domain?: AssessmentDomain;
  definition: Record<string, unknown>;
}

export const createInstrument = (body: InstrumentCreate, idempotencyKey: string) =>
  apiFetch<Instrument>(`${API}/assessments/instruments`, json('POST', body, { 'Idempotency-Key': idempotencyKey }));
export const updateInstrument = (id: string, version: number, body: { title?: string; description?: string | null; archived?: boolean }) =>
  apiFetch<Instrument>(`${API}/assessments/instruments/${enc(id)}`, json('PATCH', body, { 'If-Match': etagOf(version) }));
export const createInstrumentVersion = (id: string, idempotencyKey: string, definition?: Record<string, unknown>) =>
  apiFetch<Instrument>(
    `${API}/assessments/instruments/${enc(id)}/versions`,
    json('POST', definition ? { definition } : {}, { 'Idempotency-Key': idempotencyKey }),
  );
export const updateInstrumentVersion = (id: string, versionId: string, version: number, definition: Record<string, unknown>) =>
  apiFetch<Instrument>(
    `${API}/assessments/instruments/${enc(id)}/versions/${enc(versionId)}`,
    json('PATCH', { definition }, { 'If-Match': etagOf(version) }),
  );
export const publishInstrumentVersion = (id: string, versionId: string, version: number) =>
  apiFetch<Instrument>(
    `${API}/assessments/instruments/${enc(id)}/versions/${enc(versionId)}/publish`,
    json('POST', undefined, { 'If-Match': etagOf(version) }),
  );

export const createNeedType = (body: { domain: AssessmentDomain; label: string }, idempotencyKey: string) =>
  apiFetch<NeedType>(`${API}/assessments/needs-taxonomy`, json('POST', body, { 'Idempotency-Key': idempotencyKey }));
export const updateNeedType = (code: string, version: number, body: { label?: string; active?: boolean; sortOrder?: number }) =>
  apiFetch<NeedType>(`${API}/assessments/needs-taxonomy/${enc(code)}`, json('PATCH', body, { 'If-Match': etagOf(version) }));
