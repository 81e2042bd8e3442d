import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import {
  admissionSettingsInputSchema,
  admissionSettingsSchema,
  committeeCaseInputSchema,
  committeeCreateSchema,
  committeeListQuerySchema,
  committeeSchema,
  committeeSummarySchema,
  committeeUpdateSchema,
  decisionInputSchema,
  occupancyItemSchema,
  reasonInputSchema,
  waitingHistorySchema,
  waitingListQuerySchema,
  waitingListSchema,
  waitingUpdateSchema,
} from '@maillon/shared/admissions';
import { expectedVersion, withCtx } from '../../plugins/context.ts';
import { create, idParams, problems, readVersioned, sendBuilt, versionedCommand } from '../../plugins/kit.ts';
import {
  addCase,
  createCommittee,
  decideCase,
  getCommittee,
  listCommittees,
  minutesData,
  postponeCase,
  updateCommittee,
} from './committee.service.ts';
import { minutesPdf } from './minutes.pdf.ts';
import { getSettings, saveSettings } from './settings.service.ts';
import { occupancy, updateWaiting, waitingHistory, waitingList } from './waitinglist.service.ts';

const caseParams = z.strictObject({ id: z.uuid(), caseId: z.uuid() });
const entryParams = z.strictObject({ entryId: z.uuid() });

/** Committees and their decisions, capacity and waiting lists, settings: registered by `admissionRoutes`. */
export async function committeeRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['admissions'];

  // --- committees ----------------------------------------------------------------------------------------------------

  app.get(
    '/committees',
    {
      schema: {
        tags: t,
        summary: 'Committee sessions, upcoming (soonest first) or past (latest first)',
        querystring: committeeListQuerySchema,
        response: { 200: z.object({ items: z.array(committeeSummarySchema), nextCursor: z.string().nullable() }), ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req) => withCtx(req, (ctx) => listCommittees(ctx, req.query)),
  );

  app.post(
    '/committees',
    {
      schema: {
        tags: t,
        summary: "Schedule a committee session (members default to the organisation's; Idempotency-Key accepted)",
        body: committeeCreateSchema,
        response: { 201: committeeSchema, ...problems, 422: problemSchema },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) =>
      create(
        req,
        reply,
        (ctx) => createCommittee(ctx, req.body),
        (c) => `/api/v1/admissions/committees/${c.id}`,
      ),
  );

  app.get(
    '/committees/:id',
    {
      schema: {
        tags: t,
        summary: 'A session: members, agenda, decisions (audited)',
        params: idParams,
        response: { 200: committeeSchema, ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req, reply) => readVersioned(req, reply, (ctx) => getCommittee(ctx, req.params.id)),
  );

  app.patch(
    '/committees/:id',
    {
      schema: {
        tags: t,
        summary: 'Change a session: date, place, members present, notes, held (If-Match)',
        params: idParams,
        body: committeeUpdateSchema,
        response: { 200: committeeSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => updateCommittee(ctx, req.params.id, v, req.body)),
  );

  app.post(
    '/committees/:id/cases',
    {
      schema: {
        tags: t,
        summary: 'Present a referral under review at this session: under review → presented (Idempotency-Key accepted)',
        params: idParams,
        body: committeeCaseInputSchema,
        response: { 201: committeeSchema, ...problems, 422: problemSchema },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => create(req, reply, (ctx) => addCase(ctx, req.params.id, req.body)),
  );

  app.post(
    '/committees/:id/cases/:caseId/decision',
    {
      schema: {
        tags: t,
        summary: "The committee's reasoned decision on a case (If-Match on the case)",
        params: caseParams,
        body: decisionInputSchema,
        response: { 200: committeeSchema, ...problems },
      },
      config: { permission: 'committee.decide' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => decideCase(ctx, req.params.id, req.params.caseId, v, req.body)),
  );

  app.post(
    '/committees/:id/cases/:caseId/postpone',
    {
      schema: {
        tags: t,
        summary: 'Postpone a case with the reason: presented → under review (If-Match on the case)',
        params: caseParams,
        body: reasonInputSchema,
        response: { 200: committeeSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => postponeCase(ctx, req.params.id, req.params.caseId, v, req.body.reason)),
  );

  app.get(
    '/committees/:id/minutes.pdf',
    {
      schema: {
        tags: t,
        summary: 'The minutes of the session as a PDF in French (audited as an export)',
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: z.any(), ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req, reply) => {
      const data = await withCtx(req, (ctx) => minutesData(ctx, req.params.id));
      const pdf = await minutesPdf(data);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="commission-${data.committee.scheduledAt.slice(0, 10)}.pdf"`)
        .send(pdf);
    },
  );

  // --- capacity and waiting list -------------------------------------------------------------------------------------

  app.get(
    '/occupancy',
    {
      schema: {
        tags: t,
        summary: 'Capacity, occupancy and waiting people of each service (counts only)',
        response: { 200: z.object({ items: z.array(occupancyItemSchema) }), ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req) => withCtx(req, (ctx) => occupancy(ctx)),
  );

  app.get(
    '/waiting-list',
    {
      schema: {
        tags: t,
        summary:
          "A service's waiting list in the committee's order: priority, then date; each place with the number and date of its changes (audited)",
        querystring: waitingListQuerySchema,
        response: { 200: waitingListSchema, ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req, reply) => sendBuilt(req, reply, (ctx) => waitingList(ctx, req.query.serviceId, req.query.limit)),
  );

  app.get(
    '/waiting-list/:entryId/history',
    {
      schema: {
        tags: t,
        summary: "A place's history, latest first: each change with its date, priorities, reason and author (audited)",
        description: "For those who examine the referrals of the place's service, as the list; 404 for anyone else.",
        params: entryParams,
        response: { 200: waitingHistorySchema, ...problems },
      },
      config: { permission: 'referral.read' },
    },
    async (req) => withCtx(req, (ctx) => waitingHistory(ctx, req.params.entryId)),
  );

  app.patch(
    '/waiting-list/:entryId',
    {
      schema: {
        tags: t,
        summary: 'Change the priority of a place, or take the person off the list, with the reason (If-Match on the place)',
        params: entryParams,
        body: waitingUpdateSchema,
        response: { 200: waitingListSchema, ...problems },
      },
      config: { permission: 'referral.update' },
    },
    async (req) => {
      const v = expectedVersion(req);
      return withCtx(req, (ctx) => updateWaiting(ctx, req.params.entryId, v, req.body));
    },
  );

  // --- settings ------------------------------------------------------------------------------------------------------

  app.get(
    '/settings',
    {
      schema: {
        tags: t,
        summary: 'Admission settings: committee members, decision mode and checklist per service, e-mail to referrers',
        response: { 200: admissionSettingsSchema, ...problems },
      },
      config: { permission: 'service.read' },
    },
    async (req, reply) => readVersioned(req, reply, (ctx) => getSettings(ctx)),
  );

  app.put(
    '/settings',
    {
      schema: {
        tags: t,
        summary: 'Save the admission settings (If-Match: "0" while the defaults apply)',
        body: admissionSettingsInputSchema,
        response: { 200: admissionSettingsSchema, ...problems },
      },
      config: { permission: 'service.update' },
    },
    async (req, reply) => versionedCommand(req, reply, (ctx, v) => saveSettings(ctx, v, req.body)),
  );
}
