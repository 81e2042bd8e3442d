import type {
  AdmissionSettings,
  AdmissionSettingsInput,
  AdmitInput,
  Committee,
  DecisionInput,
  HomeVisitReport,
  OccupancyItem,
  Referral,
  ReferralCreate,
  ReferralListQuery,
  ReferralStatus,
  ReferralSubmit,
  ReferralSummary,
  ReferralUpdate,
  SentReferral,
  WaitingHistory,
  WaitingList,
  WaitingPriority,
} from '@maillon/shared/admissions';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiDownload, apiFetch, apiRequest, isApiError } from '../../ui/api';

export type {
  AdmissionSettings,
  AdmitInput,
  Committee,
  DecisionInput,
  HomeVisitReport,
  OccupancyItem,
  Referral,
  ReferralCreate,
  ReferralStatus,
  ReferralSubmit,
  ReferralSummary,
  SentReferral,
  WaitingHistory,
  WaitingList,
};

const API = '/api/v1/admissions';
const enc = encodeURIComponent;
const etagOf = (v: { version: number }) => `"${v.version}"`;
const json = (method: string, body?: unknown, headers?: HeadersInit) => ({ method, body, headers });

export const admissionKeys = {
  all: ['admissions'] as const,
  inbox: (filters: InboxFilters) => ['admissions', 'inbox', filters] as const,
  inboxes: ['admissions', 'inbox'] as const,
  counts: ['admissions', 'counts'] as const,
  referral: (id: string) => ['admissions', 'referral', id] as const,
  committees: (when: 'upcoming' | 'past') => ['admissions', 'committees', when] as const,
  committee: (id: string) => ['admissions', 'committee', id] as const,
  occupancy: ['admissions', 'occupancy'] as const,
  waiting: (serviceId: string) => ['admissions', 'waiting', serviceId] as const,
  waitingHistory: (entryId: string) => ['admissions', 'waitingHistory', entryId] as const,
  settings: ['admissions', 'settings'] as const,
  sent: ['admissions', 'sent'] as const,
  services: ['admissions', 'services'] as const,
  assessments: (personId: string) => ['admissions', 'assessments', personId] as const,
};

export type InboxFilters = Pick<ReferralListQuery, 'status'> & { serviceId?: string; urgency?: ReferralListQuery['urgency'] };

/**
 * 409 with a status the caller could not move to (`invalid_transition`, or a review before the person is linked): the
 * server says the current status and the allowed ones.
 */
export function transitionOf(error: unknown): { status: ReferralStatus; to: ReferralStatus; code: string } | null {
  if (!isApiError(error) || (error.code !== 'invalid_transition' && error.code !== 'referral.person_not_linked')) return null;
  const c = error.current as { status?: ReferralStatus; to?: ReferralStatus } | undefined;
  return c?.status && c.to ? { status: c.status, to: c.to, code: error.fieldErrors[0]?.code ?? 'not_allowed' } : null;
}

// --- reads -------------------------------------------------------------------------------------------------------------

export function inboxQueryOptions(filters: InboxFilters) {
  const params = new URLSearchParams({ status: filters.status, limit: '50' });
  if (filters.serviceId) params.set('serviceId', filters.serviceId);
  if (filters.urgency) params.set('urgency', filters.urgency);
  return infiniteQueryOptions({
    queryKey: admissionKeys.inbox(filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<{ items: ReferralSummary[]; nextCursor: string | null }>(
        `${API}/referrals?${params.toString()}${pageParam ? `&cursor=${enc(pageParam)}` : ''}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function countsQueryOptions() {
  return queryOptions({
    queryKey: admissionKeys.counts,
    queryFn: ({ signal }) =>
      apiFetch<{ counts: Record<ReferralStatus, number> }>(`${API}/referrals/counts`, { signal }).then((r) => r.counts),
  });
}

export function referralQueryOptions(id: string) {
  return queryOptions({
    queryKey: admissionKeys.referral(id),
    queryFn: ({ signal }) => apiFetch<Referral>(`${API}/referrals/${enc(id)}`, { signal }),
    staleTime: 0,
  });
}

export function committeesQueryOptions(when: 'upcoming' | 'past') {
  return queryOptions({
    queryKey: admissionKeys.committees(when),
    queryFn: ({ signal }) =>
      apiFetch<{
        items: { id: string; scheduledAt: string; location: string | null; status: 'planned' | 'held'; cases: number; decided: number }[];
      }>(`${API}/committees?when=${when}&limit=50`, { signal }).then((r) => r.items),
  });
}

export function committeeQueryOptions(id: string) {
  return queryOptions({
    queryKey: admissionKeys.committee(id),
    queryFn: ({ signal }) => apiFetch<Committee>(`${API}/committees/${enc(id)}`, { signal }),
    staleTime: 0,
  });
}

export function occupancyQueryOptions() {
  return queryOptions({
    queryKey: admissionKeys.occupancy,
    queryFn: ({ signal }) => apiFetch<{ items: OccupancyItem[] }>(`${API}/occupancy`, { signal }).then((r) => r.items),
  });
}

export function waitingListQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: admissionKeys.waiting(serviceId),
    queryFn: ({ signal }) => apiFetch<WaitingList>(`${API}/waiting-list?serviceId=${enc(serviceId)}&limit=200`, { signal }),
    staleTime: 0,
  });
}

/** One place's history: read when the place is opened, not with the list. */
export function waitingHistoryQueryOptions(entryId: string) {
  return queryOptions({
    queryKey: admissionKeys.waitingHistory(entryId),
    queryFn: ({ signal }) => apiFetch<WaitingHistory>(`${API}/waiting-list/${enc(entryId)}/history`, { signal }).then((r) => r.items),
    staleTime: 0,
  });
}

export function settingsQueryOptions() {
  return queryOptions({
    queryKey: admissionKeys.settings,
    queryFn: ({ signal }) => apiFetch<AdmissionSettings>(`${API}/settings`, { signal }),
  });
}

export function sentQueryOptions() {
  return queryOptions({
    queryKey: admissionKeys.sent,
    queryFn: ({ signal }) => apiFetch<{ items: SentReferral[] }>(`${API}/sent`, { signal }).then((r) => r.items),
  });
}

/** The services a referral may be addressed to; a referrer of another organisation reads them from their own route. */
export function servicesQueryOptions(asReferrer = false) {
  return queryOptions({
    queryKey: [...admissionKeys.services, asReferrer] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ items: { id: string; name: string; kind: string; archived?: boolean }[] }>(
        asReferrer ? `${API}/sent/services` : '/api/v1/identity/services',
        { signal },
      ).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

/** The person's assessments, to link the first needs evaluation. */
export function personAssessmentsQueryOptions(personId: string) {
  return queryOptions({
    queryKey: admissionKeys.assessments(personId),
    queryFn: ({ signal }) =>
      apiFetch<{ items: { id: string; assessedOn: string; status: string; context: string }[] }>(
        `/api/v1/people/${enc(personId)}/assessments?limit=50`,
        { signal },
      ).then((r) => r.items),
  });
}

export interface DuplicateCandidate {
  id: string;
  birthName: string;
  usedName: string | null;
  firstNames: string;
  birthDate: string;
  commune: string | null;
  serviceName: string | null;
  status: string;
}

export const findDuplicates = (p: Referral['person']) =>
  apiFetch<{ items: DuplicateCandidate[] }>('/api/v1/people/duplicates', {
    method: 'POST',
    body: { birthName: p.birthName, usedName: p.usedName, firstNames: p.firstNames, birthDate: p.birthDate },
  }).then((r) => r.items);

// --- writes ------------------------------------------------------------------------------------------------------------

export const createReferral = (body: ReferralCreate, key: string) =>
  apiFetch<Referral>(`${API}/referrals`, json('POST', body, { 'Idempotency-Key': key }));
export const submitReferral = (body: ReferralSubmit, key: string) =>
  apiFetch<SentReferral>(`${API}/sent`, json('POST', body, { 'Idempotency-Key': key }));
export const updateReferral = (r: Referral, body: ReferralUpdate) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}`, json('PATCH', body, { 'If-Match': etagOf(r) }));
export const linkPerson = (r: Referral, body: { personId: string } | { create: true; duplicatesReviewed?: boolean }) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/person`, json('POST', body, { 'If-Match': etagOf(r) }));
export const tickItem = (r: Referral, key: string, body: { done: boolean; note?: string | null }) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/checklist/${enc(key)}`, json('PUT', body, { 'If-Match': etagOf(r) }));
export const startReview = (r: Referral) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/review`, json('POST', undefined, { 'If-Match': etagOf(r) }));
export const decideDirect = (r: Referral, body: DecisionInput) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/decision`, json('POST', body, { 'If-Match': etagOf(r) }));
export const admit = (r: Referral, body: AdmitInput) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/admit`, json('POST', body, { 'If-Match': etagOf(r) }));
export const endSupport = (r: Referral, body: { endedOn: string; reason: string }) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/end`, json('POST', body, { 'If-Match': etagOf(r) }));
export const withdraw = (r: Referral, reason: string) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/withdraw`, json('POST', { reason }, { 'If-Match': etagOf(r) }));
export const planVisit = (r: Referral, body: { plannedAt: string; visitorIds: string[] }, key: string) =>
  apiFetch<Referral>(`${API}/referrals/${enc(r.id)}/home-visits`, json('POST', body, { 'If-Match': etagOf(r), 'Idempotency-Key': key }));
export const recordVisit = (r: Referral, visit: { id: string; version: number }, body: { doneOn: string; report: HomeVisitReport }) =>
  apiFetch<Referral>(
    `${API}/referrals/${enc(r.id)}/home-visits/${enc(visit.id)}/report`,
    json('POST', body, { 'If-Match': etagOf(visit) }),
  );
export const cancelVisit = (r: Referral, visit: { id: string; version: number }, reason: string) =>
  apiFetch<Referral>(
    `${API}/referrals/${enc(r.id)}/home-visits/${enc(visit.id)}/cancel`,
    json('POST', { reason }, { 'If-Match': etagOf(visit) }),
  );

export const createCommittee = (body: { scheduledAt: string; location?: string | null }, key: string) =>
  apiFetch<Committee>(`${API}/committees`, json('POST', body, { 'Idempotency-Key': key }));
export const updateCommittee = (
  c: Committee,
  body: Partial<{ members: Committee['members']; notes: string | null; held: boolean; location: string | null }>,
) => apiFetch<Committee>(`${API}/committees/${enc(c.id)}`, json('PATCH', body, { 'If-Match': etagOf(c) }));
export const presentCase = (committeeId: string, body: { referralId: string; summary: string }, key: string) =>
  apiFetch<Committee>(`${API}/committees/${enc(committeeId)}/cases`, json('POST', body, { 'Idempotency-Key': key }));
export const decideCase = (c: Committee, kase: { id: string; version: number }, body: DecisionInput) =>
  apiFetch<Committee>(`${API}/committees/${enc(c.id)}/cases/${enc(kase.id)}/decision`, json('POST', body, { 'If-Match': etagOf(kase) }));
export const postponeCase = (c: Committee, kase: { id: string; version: number }, reason: string) =>
  apiFetch<Committee>(
    `${API}/committees/${enc(c.id)}/cases/${enc(kase.id)}/postpone`,
    json('POST', { reason }, { 'If-Match': etagOf(kase) }),
  );
export const downloadMinutes = (id: string) =>
  apiDownload(`${API}/committees/${enc(id)}/minutes.pdf`, { headers: { Accept: 'application/pdf' } });

export const changeWaiting = (
  entry: { id: string; version: number },
  body: { priority: WaitingPriority; reason: string } | { leave: true; reason: string },
) => apiFetch<WaitingList>(`${API}/waiting-list/${enc(entry.id)}`, json('PATCH', body, { 'If-Match': etagOf(entry) }));

export const saveSettings = (s: AdmissionSettings, body: AdmissionSettingsInput) =>
  apiRequest<AdmissionSettings>(`${API}/settings`, json('PUT', body, { 'If-Match': etagOf(s) })).then((r) => r.data);
