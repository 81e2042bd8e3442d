import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import {
  admitInputSchema,
  checklistTickSchema,
  decisionInputSchema,
  endSupportSchema,
  homeVisitDoneSchema,
  homeVisitPlanSchema,
  reasonInputSchema,
  referralCountsSchema,
  referralCreateSchema,
  referralLinkSchema,
  referralListQuerySchema,
  referralSchema,
  referralSubmitSchema,
  referralListSchema,
  referralUpdateSchema,
  sentReferralSchema,
} from '@maillon/shared/admissions';
import { expectedVersion, withCtx } from '../../plugins/context.ts';
import { create, idParams, problems, readVersioned, sendBuilt, versionedCommand } from '../../plugins/kit.ts';
import { admit, decideDirect, endSupport, withdraw } from './decision.service.ts';
import { cancelVisit, planVisit, recordVisit } from './homevisit.service.ts';
import {
  createReferral,
  getReferral,
  linkPerson,
  listReferrals,
  referralCounts,
  startReview,
  submitReferral,
  tickChecklist,
  updateReferral,
} from './referral.service.ts';
import { getSent, listSent, servicesForReferrers } from './sent.service.ts';
import { committeeRoutes } from './committee.routes.ts';

const visitParams = z.strictObject({ id: z.uuid(), visitId: z.uuid() });
const itemParams = z.strictObject({ id: z.uuid(), key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/) });

/**
 * Admissions (DESIGN.md §2 `admissions`): referrals and their inbox, triage and the pre-admission
 * file, home visits, committees and reasoned decisions, capacity and waiting list, admission and
 * end of support, the referrer's status view, settings. Register with the prefix `/api/v1/admissions`.
 */
export async function admissionRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['admissions'];

  await app.register(committeeRoutes);

  // --- referrals -----------------------------------------------------------------------------------------------------

  app.get(
    '/referrals',
    {
      schema: {
        tags: t,
        summary: 'The referrals inbox: by status (default: all open), latest first, keyset-paginated (audited)',
        querystring: referralListQuerySchema,
        response: { 200: referralListSchema, ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req, reply) => sendBuilt(req, reply, (ctx) => listReferrals(ctx, req.query)),
  );

  app.get(
    '/referrals/counts',
    {
      schema: {
        tags: t,
        summary: 'How many referrals the caller may see in each status',
        querystring: z.strictObject({ serviceId: z.uuid().optional() }),
        response: { 200: referralCountsSchema, ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req) => withCtx(req, (ctx) => referralCounts(ctx, req.query.serviceId)),
  );

  app.post(
    '/referrals',
    {
      schema: {
        tags: t,
        summary: 'Record a request received by the service, optionally linked to a known person (Idempotency-Key accepted)',
        body: referralCreateSchema,
        response: { 201: referralSchema, ...problems, 422: problemSchema },
      },
      config: { permission: 'referral.create' },
    },
    async (req, reply) =>
      create(
        req,
        reply,
        (ctx) => createReferral(ctx, req.body),
        (r) => `/api/v1/admissions/referrals/${r.id}`,
      ),
  );

  app.get(
    '/referrals/:id',
    {
      schema: {
        tags: t,
        summary: 'Open a referral: the pre-admission file, visits, decisions, history (audited; only the categories the caller may read)',
        params: idParams,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req, reply) => readVersioned(req, reply, (ctx) => getReferral(ctx, req.params.id)),
  );

  app.patch(
    '/referrals/:id',
    {
      schema: {
        tags: t,
        summary: 'Correct a referral during triage (If-Match)',
        params: idParams,
        body: referralUpdateSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => updateReferral(ctx, req.params.id, v, req.body)),
  );

  app.post(
    '/referrals/:id/person',
    {
      schema: {
        tags: t,
        summary: "Link the person's record: an existing one, or a new one through the duplicate check (409 with candidates) (If-Match)",
        params: idParams,
        body: referralLinkSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => linkPerson(ctx, req.params.id, v, req.body)),
  );

  app.put(
    '/referrals/:id/checklist/:key',
    {
      schema: {
        tags: t,
        summary: 'Tick or untick an item of the pre-admission checklist (If-Match)',
        params: itemParams,
        body: checklistTickSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => tickChecklist(ctx, req.params.id, req.params.key, v, req.body)),
  );

  app.post(
    '/referrals/:id/review',
    {
      schema: {
        tags: t,
        summary: 'received → under review: the pre-admission file is being built (If-Match)',
        params: idParams,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => startReview(ctx, req.params.id, v)),
  );

  app.post(
    '/referrals/:id/decision',
    {
      schema: {
        tags: t,
        summary: 'A reasoned decision without a committee, where the service lets the coordinator decide alone (If-Match)',
        params: idParams,
        body: decisionInputSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => decideDirect(ctx, req.params.id, v, req.body)),
  );

  app.post(
    '/referrals/:id/admit',
    {
      schema: {
        tags: t,
        summary:
          'decided → admitted: date, service, place or home, referent coordinator joins the care team; 409 when the service is full (If-Match)',
        params: idParams,
        body: admitInputSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => admit(ctx, req.params.id, v, req.body)),
  );

  app.post(
    '/referrals/:id/end',
    {
      schema: {
        tags: t,
        summary: 'admitted → ended: end of support with its reason (If-Match)',
        params: idParams,
        body: endSupportSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => endSupport(ctx, req.params.id, v, req.body)),
  );

  app.post(
    '/referrals/:id/withdraw',
    {
      schema: {
        tags: t,
        summary: 'Withdraw the request at any open step, with the reason (If-Match)',
        params: idParams,
        body: reasonInputSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => withdraw(ctx, req.params.id, v, req.body.reason)),
  );

  app.post(
    '/referrals/:id/home-visits',
    {
      schema: {
        tags: t,
        summary: 'Plan the pre-admission home visit (If-Match on the referral; Idempotency-Key accepted)',
        params: idParams,
        body: homeVisitPlanSchema,
        response: { 201: referralSchema, ...problems, 422: problemSchema },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      return create(req, reply, (ctx) => planVisit(ctx, req.params.id, v, req.body));
    },
  );

  app.post(
    '/referrals/:id/home-visits/:visitId/report',
    {
      schema: {
        tags: t,
        summary: 'Record the visit as done, with its structured report (If-Match on the visit)',
        params: visitParams,
        body: homeVisitDoneSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => recordVisit(ctx, req.params.id, req.params.visitId, v, req.body)),
  );

  app.post(
    '/referrals/:id/home-visits/:visitId/cancel',
    {
      schema: {
        tags: t,
        summary: 'Cancel a planned visit, with the reason (If-Match on the visit)',
        params: visitParams,
        body: reasonInputSchema,
        response: { 200: referralSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => cancelVisit(ctx, req.params.id, req.params.visitId, v, req.body.reason)),
  );

  // --- the referrer's view -------------------------------------------------------------------------------------------

  app.get(
    '/sent',
    {
      schema: {
        tags: t,
        summary: 'The referrals I sent and where each stands: status and decision only, never the file (audited)',
        response: { 200: z.object({ items: z.array(sentReferralSchema) }), ...problems },
      },
      config: { permission: 'referral.submit' },
    },
    async (req) => withCtx(req, (ctx) => listSent(ctx)),
  );

  app.get(
    '/sent/services',
    {
      schema: {
        tags: t,
        summary: 'The services a referrer may send a request to (names only)',
        response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string() })) }), ...problems },
      },
      config: { permission: 'referral.submit' },
    },
    async (req) => withCtx(req, (ctx) => servicesForReferrers(ctx)),
  );

  app.get(
    '/sent/:id',
    {
      schema: {
        tags: t,
        summary: 'One referral I sent: status and decision only (audited)',
        params: idParams,
        response: { 200: sentReferralSchema, ...problems },
      },
      config: { permission: 'referral.submit' },
    },
    async (req) => withCtx(req, (ctx) => getSent(ctx, req.params.id)),
  );

  app.post(
    '/sent',
    {
      schema: {
        tags: t,
        summary: 'Send a request for support to one of the services (Idempotency-Key accepted)',
        body: referralSubmitSchema,
        response: { 201: sentReferralSchema, ...problems, 422: problemSchema },
      },
      config: { permission: 'referral.submit' },
    },
    async (req, reply) =>
      create(
        req,
        reply,
        async (ctx) => getSent(ctx, (await submitReferral(ctx, req.body)).id),
        (s) => `/api/v1/admissions/sent/${s.id}`,
      ),
  );
}
