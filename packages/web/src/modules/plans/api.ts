import type { AssessmentSummary } from '@maillon/shared/assessments';
import type { ActionStatusInput, Plan, PlanComparison, PlanContent, PlanSummary, ReviewInput } from '@maillon/shared/plans';
import { queryOptions } from '@tanstack/react-query';
import { apiDownload, apiFetch, apiRequest, isApiError } from '../../ui/api';
import { activeStaffQueryOptions } from '../identity/public';

export type { Plan, PlanComparison, PlanContent, PlanSummary };

/** A plan read with its `ETag`, to send back as `If-Match` (REL-05). */
export interface Versioned<T> {
  data: T;
  etag: string;
}

const API = '/api/v1';
const enc = encodeURIComponent;
const etagOf = (version: number) => `"${version}"`;

export const isNotFound = (error: unknown) => isApiError(error) && error.status === 404;

/** One query-options factory per read (STYLE.md 11): reused by the hooks and by the invalidation after a change. */
export const planKeys = {
  all: ['plans'] as const,
  lists: ['plans', 'list'] as const,
  list: (filters: Record<string, string | undefined>) => ['plans', 'list', filters] as const,
  detail: (id: string) => ['plans', 'detail', id] as const,
  version: (id: string, version: number | undefined) => ['plans', 'detail', id, version ?? 'latest'] as const,
  compare: (id: string, a: number, b: number) => ['plans', 'detail', id, 'compare', a, b] as const,
};

export function planListQueryOptions(filters: { personId?: string; status?: string; reviewDue?: string; cursor?: string }) {
  const params = new URLSearchParams({ limit: '50' });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return queryOptions({
    queryKey: planKeys.list(filters),
    queryFn: ({ signal }) => apiFetch<{ items: PlanSummary[]; nextCursor: string | null }>(`${API}/plans?${params.toString()}`, { signal }),
    staleTime: 0,
  });
}

export function planQueryOptions(id: string, version?: number) {
  return queryOptions({
    queryKey: planKeys.version(id, version),
    queryFn: async ({ signal }): Promise<Versioned<Plan>> => {
      const { data, headers } = await apiRequest<Plan>(`${API}/plans/${enc(id)}${version ? `?version=${version}` : ''}`, { signal });
      return { data, etag: headers.get('ETag') ?? etagOf(data.version.version) };
    },
    staleTime: 0,
  });
}

export function comparisonQueryOptions(id: string, a: number, b: number) {
  return queryOptions({
    queryKey: planKeys.compare(id, a, b),
    queryFn: ({ signal }) => apiFetch<PlanComparison>(`${API}/plans/${enc(id)}/compare?a=${a}&b=${b}`, { signal }),
  });
}

/** A person the new-plan page offers: id and name. */
export interface PersonChoice {
  id: string;
  name: string;
}

export async function searchPeople(q: string, signal?: AbortSignal): Promise<PersonChoice[]> {
  // Names go in a POST body, never in a URL (SEC-DP-02).
  const r = await apiFetch<{ items: { id: string; birthName: string; usedName: string | null; firstNames: string }[] }>(
    `${API}/people/search`,
    {
      method: 'POST',
      body: { scope: 'all', sort: 'name', limit: 20, ...(q.trim() ? { q: q.trim() } : {}) },
      signal,
    },
  );
  return r.items.map((p) => ({ id: p.id, name: `${(p.usedName || p.birthName).toLocaleUpperCase('fr-FR')} ${p.firstNames}` }));
}

export function signedAssessmentsQueryOptions(personId: string) {
  return queryOptions({
    queryKey: ['plans', 'person', personId, 'assessments'] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ items: AssessmentSummary[] }>(`${API}/people/${enc(personId)}/assessments?status=signed&limit=50`, { signal }).then(
        (r) => r.items,
      ),
  });
}

/** The care team of the person: who can own an action (staff, partners, external contacts). */
export interface TeamMember {
  id: string;
  kind: 'internal' | 'external';
  userId: string | null;
  displayName: string;
  role: string | null;
  externalOrganisation: string | null;
  active: boolean;
}
export function careTeamQueryOptions(personId: string) {
  return queryOptions({
    queryKey: ['plans', 'person', personId, 'team'] as const,
    queryFn: ({ signal }) => apiFetch<{ items: TeamMember[] }>(`${API}/people/${enc(personId)}/care-team`, { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

/** Members of staff of the organisation (an action may be owned by someone outside the care team). */
export interface StaffMember {
  userId: string;
  displayName: string;
  role: string;
}
export function staffQueryOptions() {
  const staff = activeStaffQueryOptions();
  return queryOptions({
    queryKey: staff.queryKey,
    queryFn: staff.queryFn,
    staleTime: staff.staleTime,
    // Every page of active members; an external partner owns no action. No list: the form offers the care team only.
    select: (members): StaffMember[] =>
      (members ?? [])
        .filter((m) => m.status === 'active' && m.role !== 'external_partner')
        .map(({ userId, displayName, role }) => ({ userId, displayName, role })),
  });
}

export interface Relative {
  id: string;
  firstName: string;
  lastName: string;
  isLegalRepresentative: boolean;
}
export function relativesQueryOptions(personId: string) {
  return queryOptions({
    queryKey: ['plans', 'person', personId, 'relatives'] as const,
    queryFn: ({ signal }) => apiFetch<{ items: Relative[] }>(`${API}/people/${enc(personId)}/relatives`, { signal }).then((r) => r.items),
  });
}

const versioned = async (promise: Promise<{ data: Plan; headers: Headers }>): Promise<Versioned<Plan>> => {
  const { data, headers } = await promise;
  return { data, etag: headers.get('ETag') ?? etagOf(data.version.version) };
};
const json = (method: string, body?: unknown, headers?: HeadersInit) => ({ method, body, headers });

export const createPlan = (personId: string, assessmentId: string, idempotencyKey: string) =>
  versioned(
    apiRequest<Plan>(`${API}/people/${enc(personId)}/plans`, json('POST', { assessmentId }, { 'Idempotency-Key': idempotencyKey })),
  );
export const saveContent = (id: string, etag: string, content: PlanContent) =>
  versioned(apiRequest<Plan>(`${API}/plans/${enc(id)}/content`, json('PUT', content, { 'If-Match': etag })));
export const planCommand = (id: string, etag: string, command: 'propose' | 'reopen' | 'agree' | 'activate' | 'close', body?: unknown) =>
  versioned(apiRequest<Plan>(`${API}/plans/${enc(id)}/${command}`, json('POST', body, { 'If-Match': etag })));
export const moveActionStatus = (id: string, actionId: string, etag: string, body: ActionStatusInput) =>
  versioned(apiRequest<Plan>(`${API}/plans/${enc(id)}/actions/${enc(actionId)}/status`, json('POST', body, { 'If-Match': etag })));
export const revisePlan = (id: string, idempotencyKey: string) =>
  versioned(apiRequest<Plan>(`${API}/plans/${enc(id)}/versions`, json('POST', undefined, { 'Idempotency-Key': idempotencyKey })));
export const reviewPlan = (id: string, body: ReviewInput, idempotencyKey: string) =>
  versioned(apiRequest<Plan>(`${API}/plans/${enc(id)}/reviews`, json('POST', body, { 'Idempotency-Key': idempotencyKey })));
export const downloadPlanPdf = (id: string, form: 'person' | 'professional', version?: number) =>
  apiDownload(`${API}/plans/${enc(id)}/pdf?form=${form}${version ? `&version=${version}` : ''}`, {
    headers: { Accept: 'application/pdf' },
  });
