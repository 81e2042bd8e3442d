import { infiniteQueryOptions, queryOptions, useQuery } from '@tanstack/react-query';
import type {
  Me,
  Member,
  Role,
  Service,
  invitationAcceptSchema,
  invitationCreateSchema,
  invitationPreviewSchema,
  invitationSchema,
  loginResultSchema,
  memberUpdateSchema,
  mfaSetupSchema,
  organisationSettingsSchema,
  organisationUpdateSchema,
  serviceCreateSchema,
  serviceUpdateSchema,
  sessionInfoSchema,
} from '@maillon/shared/identity';
import type { z } from 'zod';
import { apiFetch, apiRequest, isApiError } from '../../ui/api';
import { fetchAllPages, withCursor, type Page } from '../../ui/paging';

export type { Me, Member, Role, Service };
export type LoginStatus = z.infer<typeof loginResultSchema>['status'];
export type OrganisationSettings = z.infer<typeof organisationSettingsSchema>;
export type OrganisationUpdate = z.infer<typeof organisationUpdateSchema>;
export type ServiceCreate = z.infer<typeof serviceCreateSchema>;
export type ServiceUpdate = z.infer<typeof serviceUpdateSchema>;
export type MemberUpdate = z.infer<typeof memberUpdateSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type InvitationCreate = z.infer<typeof invitationCreateSchema>;
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export type InvitationAccept = z.infer<typeof invitationAcceptSchema>;
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
export type MfaSetup = z.infer<typeof mfaSetupSchema>;
export type MemberStatus = Member['status'];

/** A resource read with its `ETag`, to send back as `If-Match` so that no change is silently overwritten (REL-05). */
export interface Versioned<T> {
  data: T;
  etag: string;
}

export interface MemberFilters {
  q?: string | undefined;
  role?: Role | undefined;
  status?: MemberStatus | undefined;
}

const API = '/api/v1';

export const identityKeys = {
  all: ['identity'] as const,
  me: ['identity', 'me'] as const,
  sessions: ['identity', 'sessions'] as const,
  organisation: ['identity', 'organisation'] as const,
  services: ['identity', 'services'] as const,
  service: (id: string) => ['identity', 'services', id] as const,
  members: ['identity', 'members'] as const,
  memberList: (filters: MemberFilters) => ['identity', 'members', 'list', filters] as const,
  member: (id: string) => ['identity', 'members', 'detail', id] as const,
  invitations: ['identity', 'invitations'] as const,
  activeStaff: ['identity', 'members', 'active-staff'] as const,
};

/**
 * The staff picker's choices: every active member, page after page (a care team or an action owner can be anyone,
 * however large the organisation: no list is cut at its first page). `null` when the caller may not list them (403).
 */
export function activeStaffQueryOptions() {
  return queryOptions({
    queryKey: identityKeys.activeStaff,
    queryFn: async ({ signal }) => {
      try {
        return await fetchAllPages((cursor) =>
          apiFetch<Page<Member>>(withCursor(`${API}/identity/members?status=active&limit=200`, cursor), { signal }),
        );
      } catch (error) {
        if (isApiError(error) && error.status === 403) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

async function versioned<T extends { version: number }>(path: string, signal: AbortSignal): Promise<Versioned<T>> {
  const { data, headers } = await apiRequest<T>(path, { signal });
  // The server's ETag is the quoted version; the body's version is the fallback should a proxy drop the header.
  return { data, etag: headers.get('ETag') ?? `"${data.version}"` };
}

const json = (method: string, body?: unknown, headers?: HeadersInit) => ({ method, body, headers });

// --- the signed-in user --------------------------------------------------------------------------------------------

/** `GET /me`; `null` when signed out (401), which is a state, not an error. */
export function meQueryOptions() {
  return queryOptions({
    queryKey: identityKeys.me,
    queryFn: async ({ signal }) => {
      try {
        return await apiFetch<Me>(`${API}/me`, { signal });
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}

/** True when the session is fully open: password, and second factor when needed. */
export function isSignedIn(me: Me | null | undefined): me is Me {
  return !!me && !me.session.mfaPending && !me.session.mfaEnrolmentRequired;
}

export function sessionsQueryOptions() {
  return queryOptions({
    queryKey: identityKeys.sessions,
    queryFn: ({ signal }) => apiFetch<{ items: SessionInfo[] }>(`${API}/me/sessions`, { signal }).then((r) => r.items),
    staleTime: 0,
  });
}

export const login = (body: { email: string; password: string }) =>
  apiFetch<{ status: LoginStatus }>(`${API}/auth/login`, json('POST', body));
export const verifyMfa = (code: string) => apiFetch<{ status: LoginStatus }>(`${API}/auth/mfa/verify`, json('POST', { code }));
export const logout = () => apiFetch<{ ok: true }>(`${API}/auth/logout`, json('POST'));
export const reauthenticate = (body: { password: string; code?: string }) =>
  apiFetch<{ ok: true }>(`${API}/auth/reauthenticate`, json('POST', body));
export const requestPasswordReset = (email: string) =>
  apiFetch<{ ok: true }>(`${API}/auth/password-reset/request`, json('POST', { email }));
export const resetPassword = (body: { token: string; newPassword: string }) =>
  apiFetch<{ ok: true }>(`${API}/auth/password-reset`, json('POST', body));
export const previewInvitation = (token: string) => apiFetch<InvitationPreview>(`${API}/auth/invitations/preview`, json('POST', { token }));
export const acceptInvitation = (body: InvitationAccept) =>
  apiFetch<{ email: string }>(`${API}/auth/invitations/accept`, json('POST', body));
export const switchOrganisation = (organisationId: string) =>
  apiFetch<{ ok: true }>(`${API}/me/organisation`, json('POST', { organisationId }));
export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  apiFetch<{ ok: true }>(`${API}/me/password`, json('POST', body));
export const endSession = (id: string) => apiFetch<{ ok: true }>(`${API}/me/sessions/${encodeURIComponent(id)}`, json('DELETE'));
export const startMfaSetup = () => apiFetch<MfaSetup>(`${API}/me/mfa/setup`, json('POST'));
export const enableMfa = (body: { code: string; password: string }) =>
  apiFetch<{ recoveryCodes: string[] }>(`${API}/me/mfa/enable`, json('POST', body));

// --- organisation and services -------------------------------------------------------------------------------------

export function organisationQueryOptions() {
  return queryOptions({
    queryKey: identityKeys.organisation,
    queryFn: ({ signal }) => versioned<OrganisationSettings>(`${API}/identity/organisation`, signal),
  });
}

export const updateOrganisation = (etag: string, body: OrganisationUpdate) =>
  apiFetch<OrganisationSettings>(`${API}/identity/organisation`, json('PATCH', body, { 'If-Match': etag }));

export function servicesQueryOptions() {
  return queryOptions({
    queryKey: identityKeys.services,
    queryFn: ({ signal }) => apiFetch<{ items: Service[] }>(`${API}/identity/services`, { signal }).then((r) => r.items),
  });
}

export function serviceQueryOptions(id: string) {
  return queryOptions({
    queryKey: identityKeys.service(id),
    queryFn: ({ signal }) => versioned<Service>(`${API}/identity/services/${encodeURIComponent(id)}`, signal),
    staleTime: 0,
  });
}

export const createService = (body: ServiceCreate, idempotencyKey: string) =>
  apiFetch<Service>(`${API}/identity/services`, json('POST', body, { 'Idempotency-Key': idempotencyKey }));
export const updateService = (id: string, etag: string, body: ServiceUpdate) =>
  apiFetch<Service>(`${API}/identity/services/${encodeURIComponent(id)}`, json('PATCH', body, { 'If-Match': etag }));

// --- members and invitations ---------------------------------------------------------------------------------------

export const MEMBERS_PAGE_SIZE = 50;

/** The search body: names travel in the body of a POST, never in a URL (SEC-DP-02). */
function memberSearch(filters: MemberFilters, cursor: string | undefined, limit: number) {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(cursor ? { cursor } : {}),
    limit,
  };
}

/** Keyset pages of members ("Charger plus"), by name. */
export function membersInfiniteQueryOptions(filters: MemberFilters) {
  return infiniteQueryOptions({
    queryKey: identityKeys.memberList(filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<{ items: Member[]; nextCursor: string | null }>(`${API}/identity/members/search`, {
        ...json('POST', memberSearch(filters, pageParam, MEMBERS_PAGE_SIZE)),
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every member (first 200, the API's maximum page), e.g. for a "who" select. */
export function memberChoicesQueryOptions() {
  return queryOptions({
    queryKey: [...identityKeys.members, 'choices'] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ items: Member[]; nextCursor: string | null }>(`${API}/identity/members/search`, {
        ...json('POST', memberSearch({}, undefined, 200)),
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}

/** The active members who may be the referent coordinator of a person of this service (issue 19). */
export function referentChoicesQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: [...identityKeys.members, 'referents', serviceId] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ items: Member[]; nextCursor: string | null }>(`${API}/identity/members/search`, {
        ...json('POST', { referentForService: serviceId, limit: 200 }),
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}

export function memberQueryOptions(id: string) {
  return queryOptions({
    queryKey: identityKeys.member(id),
    queryFn: ({ signal }) => versioned<Member>(`${API}/identity/members/${encodeURIComponent(id)}`, signal),
    staleTime: 0,
  });
}

export const updateMember = (id: string, etag: string, body: MemberUpdate) =>
  apiFetch<Member>(`${API}/identity/members/${encodeURIComponent(id)}`, json('PATCH', body, { 'If-Match': etag }));
export const setMemberStatus = (id: string, etag: string, action: 'deactivate' | 'reactivate') =>
  apiFetch<Member>(`${API}/identity/members/${encodeURIComponent(id)}/${action}`, json('POST', undefined, { 'If-Match': etag }));

export function invitationsQueryOptions() {
  return queryOptions({
    queryKey: identityKeys.invitations,
    queryFn: ({ signal }) => apiFetch<{ items: Invitation[] }>(`${API}/identity/invitations`, { signal }).then((r) => r.items),
  });
}

export const createInvitation = (body: InvitationCreate, idempotencyKey: string) =>
  apiFetch<Invitation>(`${API}/identity/invitations`, json('POST', body, { 'Idempotency-Key': idempotencyKey }));

/** The `ETag` of a version read from a list (the server's ETag is the quoted version). */
export const etagOf = (version: number) => `"${version}"`;

export const isPreconditionFailed = (error: unknown) => isApiError(error) && error.status === 412;
