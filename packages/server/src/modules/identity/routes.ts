import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema, secretField, textField } from '@maillon/shared/api';
import {
  idParamsSchema,
  invitationAcceptSchema,
  invitationCreateSchema,
  invitationPreviewSchema,
  invitationSchema,
  loginBodySchema,
  loginResultSchema,
  memberListQuerySchema,
  memberSearchSchema,
  memberSchema,
  memberUpdateSchema,
  meSchema,
  mfaEnableSchema,
  mfaSetupSchema,
  mfaVerifyBodySchema,
  organisationSettingsSchema,
  organisationUpdateSchema,
  passwordChangeSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  recoveryCodesSchema,
  serviceCreateSchema,
  serviceSchema,
  serviceUpdateSchema,
  sessionInfoSchema,
  switchOrganisationBodySchema,
} from '@maillon/shared/identity';
import { AppError } from '../../lib/errors.ts';
import { cookieName } from '../../plugins/auth.ts';
import { requireRecentAuth } from '../../plugins/step-up.ts';
import { etag, expectedVersion, idempotentCreate, withCtx, type AuthState } from '../../plugins/context.ts';
import * as auth from './auth.service.ts';
import * as members from './members.service.ts';
import * as org from './org.service.ts';
import { listSessions, logout, revokeSession } from './sessions.service.ts';

const ok = z.object({ ok: z.literal(true) });
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  412: problemSchema,
  428: problemSchema,
  429: problemSchema,
};

function reqInfo(req: FastifyRequest) {
  return { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id) };
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string) {
  const production = req.server.deps.config.NODE_ENV === 'production';
  void reply.setCookie(cookieName(production), token, {
    path: '/',
    httpOnly: true,
    secure: production,
    sameSite: 'lax',
    maxAge: req.server.deps.config.SESSION_ABSOLUTE_HOURS * 3600,
  });
}

function clearSessionCookie(req: FastifyRequest, reply: FastifyReply) {
  const production = req.server.deps.config.NODE_ENV === 'production';
  void reply.clearCookie(cookieName(production), { path: '/', httpOnly: true, secure: production, sameSite: 'lax' });
}

function requireAuth(req: FastifyRequest): AuthState {
  if (!req.auth) throw new AppError('unauthenticated', 'Please sign in.');
  return req.auth;
}

// Step-up (SEC-SESS-06). Every change of rights — inviting someone, changing a member's role,
// profession, service or status, changing the organisation's MFA policy — declares
// `stepUp: true` on its route; the auth plugin enforces it for all of them, and
// members.test.ts checks each flagged route. `requireRecentAuth` (plugins/step-up.ts) is for the
// routes where it depends on the request (MFA set-up when a factor exists, exports, break-glass).

export async function identityRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['identity'];

  // --- authentication (public allow-list: SEC-AUTHN-07) ---
  app.post(
    '/auth/login',
    {
      schema: {
        tags: t,
        summary: 'Sign in with e-mail and password',
        body: loginBodySchema,
        response: { 200: loginResultSchema, ...errors },
      },
      config: { public: true },
    },
    async (req, reply) => {
      const previous = req.auth;
      const r = await auth.login(req.server.deps, req.body, reqInfo(req));
      // A new token at each login; the one the browser had is dead (SEC-SESS-02).
      if (previous) await revokeSession(req.server.deps.db, previous.sessionId, 'replaced');
      setSessionCookie(req, reply, r.token);
      return { status: r.status };
    },
  );

  app.post(
    '/auth/mfa/verify',
    {
      schema: {
        tags: t,
        summary: 'Second factor at sign-in (TOTP or recovery code)',
        body: mfaVerifyBodySchema,
        response: { 200: loginResultSchema, ...errors },
      },
      config: { authenticated: true, allowMfaPending: true },
    },
    async (req, reply) => {
      const a = requireAuth(req);
      if (!a.mfaPending) throw new AppError('auth.no_code_expected', 'No code is expected for this session.');
      const token = await auth.verifyMfa(req.server.deps, a, req.body.code, reqInfo(req));
      setSessionCookie(req, reply, token);
      return { status: a.mfaEnrolmentRequired ? 'mfa_enrolment_required' : 'authenticated' } as const;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: { tags: t, summary: 'Sign out: the session ends on the server', response: { 200: ok } },
      config: { public: true },
    },
    async (req, reply) => {
      if (req.auth) {
        await logout(req.server.deps.db, req.auth, { requestId: String(req.id), ip: req.ip });
      }
      clearSessionCookie(req, reply);
      // Nothing personal left in the browser after logout (SEC-DP-04).
      void reply.header('clear-site-data', '"cache", "storage"');
      return { ok: true } as const;
    },
  );

  app.post(
    '/auth/reauthenticate',
    {
      schema: {
        tags: t,
        summary: 'Step-up: confirm password (and code) before a sensitive action',
        body: z.strictObject({ password: secretField(1024).min(1), code: textField(32).optional() }),
        response: { 200: ok, ...errors },
      },
      config: { authenticated: true },
    },
    async (req, reply) => {
      const token = await auth.reauthenticate(req.server.deps, requireAuth(req), req.body, reqInfo(req));
      setSessionCookie(req, reply, token);
      return { ok: true } as const;
    },
  );

  app.post(
    '/auth/password-reset/request',
    {
      schema: {
        tags: t,
        summary: 'Ask for a password reset link (same answer for every e-mail)',
        body: passwordResetRequestSchema,
        response: { 202: ok },
      },
      config: { public: true },
    },
    async (req, reply) => {
      await auth.requestPasswordReset(req.server.deps, req.body.email, reqInfo(req));
      return reply.code(202).send({ ok: true });
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: { tags: t, summary: 'Set a new password with a reset token', body: passwordResetSchema, response: { 200: ok, ...errors } },
      config: { public: true },
    },
    async (req) => {
      await auth.resetPassword(req.server.deps, req.body, reqInfo(req));
      return { ok: true } as const;
    },
  );

  app.post(
    '/auth/invitations/preview',
    {
      schema: {
        tags: t,
        summary: 'What an invitation is for, before accepting it',
        body: z.strictObject({ token: secretField(200).min(20) }),
        response: { 200: invitationPreviewSchema, ...errors },
      },
      config: { public: true },
    },
    async (req) => members.previewInvitation(req.server.deps.db, req.body.token),
  );

  app.post(
    '/auth/invitations/accept',
    {
      schema: {
        tags: t,
        summary: 'Accept an invitation and set a password',
        body: invitationAcceptSchema,
        response: { 200: z.object({ email: z.string() }), ...errors },
      },
      config: { public: true },
    },
    async (req) => members.acceptInvitation(req.server.deps, req.body, reqInfo(req)),
  );

  // --- the signed-in user ---
  app.get(
    '/me',
    {
      schema: { tags: t, summary: 'Who I am, my organisation and what I may do', response: { 200: meSchema, ...errors } },
      config: { authenticated: true, allowMfaPending: true },
    },
    async (req) => members.me(req.server.deps.db, requireAuth(req), req.server.deps.config.SESSION_IDLE_MINUTES),
  );

  app.post(
    '/me/organisation',
    {
      schema: {
        tags: t,
        summary: 'Switch to another of my organisations',
        body: switchOrganisationBodySchema,
        response: { 200: ok, ...errors },
      },
      config: { authenticated: true },
    },
    async (req, reply) => {
      const a = requireAuth(req);
      const mfaEnabled = await auth.isMfaEnabled(req.server.deps.db, a.userId);
      const token = await auth.switchOrganisation(req.server.deps, { ...a, mfaEnabled }, req.body.organisationId, reqInfo(req));
      setSessionCookie(req, reply, token);
      return { ok: true } as const;
    },
  );

  app.post(
    '/me/password',
    {
      schema: {
        tags: t,
        summary: 'Change my password (current one required)',
        body: passwordChangeSchema,
        response: { 200: ok, ...errors },
      },
      config: { authenticated: true },
    },
    async (req, reply) => {
      const token = await auth.changePassword(req.server.deps, requireAuth(req), req.body, reqInfo(req));
      setSessionCookie(req, reply, token);
      return { ok: true } as const;
    },
  );

  app.get(
    '/me/sessions',
    {
      schema: { tags: t, summary: 'My open sessions', response: { 200: z.object({ items: z.array(sessionInfoSchema) }) } },
      config: { authenticated: true },
    },
    async (req) => {
      const a = requireAuth(req);
      return { items: await listSessions(req.server.deps.db, a.userId, a.sessionId, req.server.deps.config.SESSION_IDLE_MINUTES) };
    },
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: { tags: t, summary: 'End one of my sessions', params: idParamsSchema, response: { 200: ok, ...errors } },
      config: { authenticated: true },
    },
    async (req) => {
      const a = requireAuth(req);
      const mine = await listSessions(req.server.deps.db, a.userId, a.sessionId, req.server.deps.config.SESSION_IDLE_MINUTES);
      if (!mine.some((s) => s.id === req.params.id)) throw new AppError('not_found', 'No such session.');
      await revokeSession(req.server.deps.db, req.params.id, 'revoked_by_user');
      return { ok: true } as const;
    },
  );

  app.post(
    '/me/mfa/setup',
    {
      schema: { tags: t, summary: 'Start TOTP enrolment: secret and QR code', response: { 200: mfaSetupSchema, ...errors } },
      config: { authenticated: true, allowMfaPending: true },
    },
    async (req) => {
      const a = requireAuth(req);
      if (a.mfaPending) throw new AppError('mfa_required', 'Enter your authentication code first.');
      if ((await auth.isMfaEnabled(req.server.deps.db, a.userId)) && !a.mfaEnrolmentRequired) requireRecentAuth(req);
      return auth.mfaSetup(req.server.deps, a.userId, a.email);
    },
  );

  app.post(
    '/me/mfa/enable',
    {
      schema: {
        tags: t,
        summary: 'Confirm TOTP enrolment; returns recovery codes once',
        body: mfaEnableSchema,
        response: { 200: recoveryCodesSchema, ...errors },
      },
      config: { authenticated: true, allowMfaPending: true },
    },
    async (req, reply) => {
      const a = requireAuth(req);
      if (a.mfaPending) throw new AppError('mfa_required', 'Enter your authentication code first.');
      const r = await auth.mfaEnable(req.server.deps, a, req.body, reqInfo(req));
      setSessionCookie(req, reply, r.token);
      return { recoveryCodes: r.recoveryCodes };
    },
  );

  // --- organisation and services ---
  app.get(
    '/identity/organisation',
    {
      schema: { tags: t, summary: 'Settings of my organisation', response: { 200: organisationSettingsSchema, ...errors } },
      config: { permission: 'organisation.read' },
    },
    async (req, reply) => {
      const o = await withCtx(req, (ctx) => org.getOrganisation(ctx));
      etag(reply, o.version);
      return o;
    },
  );

  app.patch(
    '/identity/organisation',
    {
      schema: {
        tags: t,
        summary: 'Change the settings (If-Match required)',
        body: organisationUpdateSchema,
        response: { 200: organisationSettingsSchema, ...errors },
      },
      config: { permission: 'organisation.update', stepUp: true },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const o = await withCtx(req, (ctx) => org.updateOrganisation(ctx, v, req.body));
      etag(reply, o.version);
      return o;
    },
  );

  app.get(
    '/identity/services',
    {
      schema: { tags: t, summary: 'Services and sites of my organisation', response: { 200: z.object({ items: z.array(serviceSchema) }) } },
      config: { permission: 'service.read' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => org.listServices(ctx)) }),
  );

  app.get(
    '/identity/services/:id',
    {
      schema: { tags: t, summary: 'One service', params: idParamsSchema, response: { 200: serviceSchema, ...errors } },
      config: { permission: 'service.read' },
    },
    async (req, reply) => {
      const s = await withCtx(req, (ctx) => org.getService(ctx, req.params.id));
      etag(reply, s.version);
      return s;
    },
  );

  app.post(
    '/identity/services',
    {
      schema: {
        tags: t,
        summary: 'Create a service (Idempotency-Key accepted)',
        body: serviceCreateSchema,
        response: { 201: serviceSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'service.create' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const s = await org.createService(ctx, req.body);
        return { status: 201, body: s, headers: { etag: `"${s.version}"`, location: `/api/v1/identity/services/${s.id}` } };
      }),
  );

  app.patch(
    '/identity/services/:id',
    {
      schema: {
        tags: t,
        summary: 'Change a service (If-Match required)',
        params: idParamsSchema,
        body: serviceUpdateSchema,
        response: { 200: serviceSchema, ...errors },
      },
      config: { permission: 'service.update' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const s = await withCtx(req, (ctx) => org.updateService(ctx, req.params.id, v, req.body));
      etag(reply, s.version);
      return s;
    },
  );

  // --- members and invitations ---
  app.get(
    '/identity/members',
    {
      schema: {
        tags: t,
        summary: 'Members of my organisation',
        querystring: memberListQuerySchema,
        response: { 200: z.object({ items: z.array(memberSchema), nextCursor: z.string().nullable() }), ...errors },
      },
      config: { permission: 'user.read' },
    },
    async (req) => withCtx(req, (ctx) => members.listMembers(ctx, req.query)),
  );

  app.post(
    '/identity/members/search',
    {
      schema: {
        tags: t,
        summary: 'Search members by name or e-mail (POST: names never in URLs)',
        body: memberSearchSchema,
        response: { 200: z.object({ items: z.array(memberSchema), nextCursor: z.string().nullable() }), ...errors },
      },
      config: { permission: 'user.read' },
    },
    async (req) => withCtx(req, (ctx) => members.listMembers(ctx, req.body, 'body')),
  );

  app.get(
    '/identity/members/:id',
    {
      schema: { tags: t, summary: 'One member', params: idParamsSchema, response: { 200: memberSchema, ...errors } },
      config: { permission: 'user.read' },
    },
    async (req, reply) => {
      const m = await withCtx(req, (ctx) => members.getMember(ctx, req.params.id));
      etag(reply, m.version);
      return m;
    },
  );

  app.patch(
    '/identity/members/:id',
    {
      schema: {
        tags: t,
        summary: 'Change role, profession or service (step-up, If-Match)',
        params: idParamsSchema,
        body: memberUpdateSchema,
        response: { 200: memberSchema, ...errors },
      },
      config: { permission: 'user.update', stepUp: true },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const m = await withCtx(req, (ctx) => members.updateMember(ctx, req.params.id, v, req.body));
      etag(reply, m.version);
      return m;
    },
  );

  app.post(
    '/identity/members/:id/deactivate',
    {
      schema: {
        tags: t,
        summary: 'Deactivate a member: their sessions end at once (If-Match)',
        params: idParamsSchema,
        response: { 200: memberSchema, ...errors },
      },
      config: { permission: 'user.deactivate', stepUp: true },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const m = await withCtx(req, (ctx) => members.setMemberStatus(ctx, req.params.id, v, 'deactivated'));
      etag(reply, m.version);
      return m;
    },
  );

  app.post(
    '/identity/members/:id/reactivate',
    {
      schema: { tags: t, summary: 'Reactivate a member (If-Match)', params: idParamsSchema, response: { 200: memberSchema, ...errors } },
      config: { permission: 'user.deactivate', stepUp: true },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const m = await withCtx(req, (ctx) => members.setMemberStatus(ctx, req.params.id, v, 'active'));
      etag(reply, m.version);
      return m;
    },
  );

  app.get(
    '/identity/invitations',
    {
      schema: {
        tags: t,
        summary: 'Invitations sent by my organisation',
        response: { 200: z.object({ items: z.array(invitationSchema) }) },
      },
      config: { permission: 'user.invite' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => members.listInvitations(ctx)) }),
  );

  app.post(
    '/identity/invitations',
    {
      schema: {
        tags: t,
        summary: 'Invite someone by e-mail with a role',
        body: invitationCreateSchema,
        response: { 201: invitationSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'user.invite', stepUp: true },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => ({ status: 201, body: await members.createInvitation(ctx, req.body) })),
  );
}
