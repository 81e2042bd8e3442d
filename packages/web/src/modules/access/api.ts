import type {
  accessReportEntrySchema,
  breakGlassInputSchema,
  breakGlassReviewSchema,
  breakGlassSchema,
  careTeamAddSchema,
  careTeamMemberSchema,
  careTeamUpdateSchema,
  consentInputSchema,
  consentSchema,
  DpoPersonMatch,
} from '@maillon/shared/people';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiDownload, apiFetch } from '../../ui/api';
import { activeStaffQueryOptions, type Member } from '../identity/public';

export type CareTeamMember = z.infer<typeof careTeamMemberSchema>;
export type CareTeamAdd = z.input<typeof careTeamAddSchema>;
export type CareTeamUpdate = z.infer<typeof careTeamUpdateSchema>;
export type Consent = z.infer<typeof consentSchema>;
export type ConsentInput = z.input<typeof consentInputSchema>;
export type BreakGlass = z.infer<typeof breakGlassSchema>;
export type BreakGlassInput = z.infer<typeof breakGlassInputSchema>;
export type BreakGlassReview = z.infer<typeof breakGlassReviewSchema>;
export type AccessReportEntry = z.infer<typeof accessReportEntrySchema>;

export interface AccessReport {
  person: { id: string; name: string; birthDate: string };
  generatedAt: string;
  entries: AccessReportEntry[];
}

export type { DpoPersonMatch };

export interface EmergencyMatch {
  id: string;
  name: string;
  birthDate: string;
  commune: string | null;
}

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

const API = '/api/v1';
const person = (id: string) => `${API}/people/${encodeURIComponent(id)}`;
const json = (method: string, body?: unknown, headers?: HeadersInit) => ({ method, body, headers });

export const accessKeys = {
  all: ['access'] as const,
  /** Everything this module reads about one person (one invalidation refreshes it all). */
  person: (id: string) => ['access', 'person', id] as const,
  careTeam: (id: string) => ['access', 'person', id, 'care-team'] as const,
  consents: (id: string) => ['access', 'person', id, 'consents'] as const,
  report: (id: string) => ['access', 'person', id, 'report'] as const,
  dpoReport: (id: string) => ['access', 'dpo-report', id] as const,
  breakGlass: ['access', 'break-glass'] as const,
  breakGlassQueue: (pending: boolean) => ['access', 'break-glass', { pending }] as const,
  staff: ['access', 'staff'] as const,
  notifications: ['notifications'] as const,
};

/** The ETag of an item read from a list (the server's ETag is the quoted version). */
export const etagOf = (version: number) => `"${version}"`;

// --- care team -------------------------------------------------------------------------------------------------------

export function careTeamQueryOptions(personId: string) {
  return queryOptions({
    queryKey: accessKeys.careTeam(personId),
    queryFn: ({ signal }) => apiFetch<{ items: CareTeamMember[] }>(`${person(personId)}/care-team`, { signal }).then((r) => r.items),
    staleTime: 0,
  });
}

export const addCareTeamMember = (personId: string, body: CareTeamAdd, idempotencyKey: string) =>
  apiFetch<CareTeamMember>(`${person(personId)}/care-team`, json('POST', body, { 'Idempotency-Key': idempotencyKey }));

/** Changes a membership; an end date ends it (the member loses access at their next request). */
export const updateCareTeamMember = (personId: string, member: CareTeamMember, body: CareTeamUpdate) =>
  apiFetch<CareTeamMember>(
    `${person(personId)}/care-team/${encodeURIComponent(member.id)}`,
    json('PATCH', body, { 'If-Match': etagOf(member.version) }),
  );

export type StaffMember = Member;

/** Active members of staff to add to a care team (every page of them); `null` when the caller may not list them (403). */
export function staffQueryOptions() {
  return activeStaffQueryOptions();
}

// --- consent ---------------------------------------------------------------------------------------------------------

export function consentsQueryOptions(personId: string) {
  return queryOptions({
    queryKey: accessKeys.consents(personId),
    queryFn: ({ signal }) => apiFetch<{ items: Consent[] }>(`${person(personId)}/consents`, { signal }).then((r) => r.items),
    staleTime: 0,
  });
}

export const recordConsent = (personId: string, body: ConsentInput, idempotencyKey: string) =>
  apiFetch<Consent>(`${person(personId)}/consents`, json('POST', body, { 'Idempotency-Key': idempotencyKey }));
export const endConsent = (personId: string, consentId: string, reason: string) =>
  apiFetch<Consent>(`${person(personId)}/consents/${encodeURIComponent(consentId)}/end`, json('POST', { reason }));

// --- emergency access ------------------------------------------------------------------------------------------------

/** POST: the name and birth date never travel in a URL. */
export const searchForEmergency = (body: { birthName: string; firstNames: string; birthDate: string }) =>
  apiFetch<{ items: EmergencyMatch[] }>(`${API}/access/break-glass/search`, json('POST', body)).then((r) => r.items);

/** Needs a recent authentication: call it through `useStepUp()`. */
export const openBreakGlass = (personId: string, body: BreakGlassInput) =>
  apiFetch<{ id: string; expiresAt: string }>(`${person(personId)}/break-glass`, json('POST', body));

export function breakGlassQueueQueryOptions(pending: boolean) {
  return queryOptions({
    queryKey: accessKeys.breakGlassQueue(pending),
    queryFn: ({ signal }) =>
      apiFetch<{ items: BreakGlass[] }>(`${API}/access/break-glass?pending=${String(pending)}`, { signal }).then((r) => r.items),
    staleTime: 0,
  });
}

export const reviewBreakGlass = (id: string, body: BreakGlassReview) =>
  apiFetch<BreakGlass>(`${API}/access/break-glass/${encodeURIComponent(id)}/review`, json('POST', body));

// --- access report ---------------------------------------------------------------------------------------------------

export function accessReportQueryOptions(personId: string) {
  return queryOptions({
    queryKey: accessKeys.report(personId),
    queryFn: ({ signal }) => apiFetch<AccessReport>(`${person(personId)}/access-report`, { signal }),
    staleTime: 0,
  });
}

/**
 * The DPO's copy of a person's report: the DPO is not in the care team and does not open the record.
 * Read once per visit: each read is a "consultation" in the audit log, so a remount of the page
 * (the layout re-rendering while the route settles) reuses it instead of reading it again.
 */
export function dpoAccessReportQueryOptions(personId: string) {
  return queryOptions({
    queryKey: accessKeys.dpoReport(personId),
    // No abort signal: a read cancelled by a remount would be read (and logged) a second time;
    // unsignalled, the one in flight is kept and shared.
    queryFn: () => apiFetch<AccessReport>(`${API}/access/dpo/people/${encodeURIComponent(personId)}/access-report`),
    staleTime: 5 * 60_000,
    refetchOnReconnect: false,
  });
}

/** The DPO finds a person for a right-of-access request. POST: the name and birth date never travel in a URL. */
export const searchForDpo = (body: { name: string; birthDate: string }) =>
  apiFetch<{ items: DpoPersonMatch[] }>(`${API}/access/dpo/people/search`, json('POST', body)).then((r) => r.items);

export const downloadDpoAccessReportPdf = (personId: string) =>
  apiDownload(`${API}/access/dpo/people/${encodeURIComponent(personId)}/access-report.pdf`);

export const downloadAccessReportPdf = (personId: string) => apiDownload(`${person(personId)}/access-report.pdf`);

// --- notifications ---------------------------------------------------------------------------------------------------

export function notificationsQueryOptions() {
  return queryOptions({
    queryKey: accessKeys.notifications,
    queryFn: ({ signal }) => apiFetch<{ unread: number; items: AppNotification[] }>(`${API}/notifications`, { signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}

export const markNotificationRead = (id: string) =>
  apiFetch<{ ok: true }>(`${API}/notifications/${encodeURIComponent(id)}/read`, json('POST'));
