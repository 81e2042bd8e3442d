import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import { idParamsSchema } from '@maillon/shared/identity';
import {
  accessReportEntrySchema,
  breakGlassInputSchema,
  breakGlassReviewSchema,
  breakGlassSchema,
  careTeamAddSchema,
  careTeamMemberSchema,
  careTeamUpdateSchema,
  consentEndSchema,
  consentInputSchema,
  consentSchema,
  dpoPersonMatchSchema,
  dpoPersonSearchSchema,
  duplicateQuerySchema,
} from '@maillon/shared/people';
import { etag, expectedVersion, idempotentCreate, withCtx } from '../../plugins/context.ts';
import { requireRecentAuth } from '../../plugins/step-up.ts';
import { accessReport, findForEmergency, listBreakGlass, openBreakGlass, reviewBreakGlass } from './breakglass.service.ts';
import { findForDpo } from './dpo.service.ts';
import { addCareTeamMember, endConsent, listCareTeam, listConsents, recordConsent, updateCareTeamMember } from './careteam.service.ts';
import { accessReportPdf } from './report.pdf.ts';

const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 412: problemSchema, 428: problemSchema };
const personParams = z.strictObject({ personId: z.uuid() });
const itemParams = z.strictObject({ personId: z.uuid(), id: z.uuid() });
const reportSchema = z.object({
  person: z.object({ id: z.uuid(), name: z.string(), birthDate: z.string() }),
  generatedAt: z.string(),
  entries: z.array(accessReportEntrySchema),
});

/** Care team, consent, break-glass and the access report (DESIGN.md §2 `access`). */
export async function accessRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['access'];

  app.get(
    '/people/:personId/care-team',
    {
      schema: {
        tags: t,
        summary: 'Care team of a person',
        params: personParams,
        response: { 200: z.object({ items: z.array(careTeamMemberSchema) }), ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => listCareTeam(ctx, req.params.personId)) }),
  );

  app.post(
    '/people/:personId/care-team',
    {
      schema: {
        tags: t,
        summary: 'Add a member of staff or an external contact to the care team',
        params: personParams,
        body: careTeamAddSchema,
        response: { 201: careTeamMemberSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'careteam.manage' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => ({ status: 201, body: await addCareTeamMember(ctx, req.params.personId, req.body) })),
  );

  app.patch(
    '/people/:personId/care-team/:id',
    {
      schema: {
        tags: t,
        summary: 'Change or end a care-team membership (If-Match)',
        params: itemParams,
        body: careTeamUpdateSchema,
        response: { 200: careTeamMemberSchema, ...errors },
      },
      config: { permission: 'careteam.manage' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const m = await withCtx(req, (ctx) => updateCareTeamMember(ctx, req.params.personId, req.params.id, v, req.body));
      etag(reply, m.version);
      return m;
    },
  );

  app.get(
    '/people/:personId/consents',
    {
      schema: {
        tags: t,
        summary: 'Information, consents and objections of a person',
        params: personParams,
        response: { 200: z.object({ items: z.array(consentSchema) }), ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => listConsents(ctx, req.params.personId)) }),
  );

  app.post(
    '/people/:personId/consents',
    {
      schema: {
        tags: t,
        summary: 'Record a consent or an objection (FR-03; effective at the next request)',
        params: personParams,
        body: consentInputSchema,
        response: { 201: consentSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'consent.manage' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => ({ status: 201, body: await recordConsent(ctx, req.params.personId, req.body) })),
  );

  app.post(
    '/people/:personId/consents/:id/end',
    {
      schema: {
        tags: t,
        summary: 'Withdraw a consent or lift an objection',
        params: itemParams,
        body: consentEndSchema,
        response: { 200: consentSchema, ...errors },
      },
      config: { permission: 'consent.manage' },
    },
    async (req) => withCtx(req, (ctx) => endConsent(ctx, req.params.personId, req.params.id, req.body.reason)),
  );

  app.post(
    '/access/break-glass/search',
    {
      schema: {
        tags: t,
        summary: 'Find a person for an emergency access (exact birth date, close name)',
        body: duplicateQuerySchema.pick({ birthName: true, firstNames: true, birthDate: true }).strict(),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.uuid(), name: z.string(), birthDate: z.string(), commune: z.string().nullable() })),
          }),
          ...errors,
        },
      },
      config: { permission: 'breakglass.use' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => findForEmergency(ctx, req.body)) }),
  );

  app.post(
    '/people/:personId/break-glass',
    {
      schema: {
        tags: t,
        summary: 'Open an emergency access: step-up, reason, 4 hours, read-only, DPO alerted',
        params: personParams,
        body: breakGlassInputSchema,
        response: { 201: z.object({ id: z.uuid(), expiresAt: z.string() }), ...errors },
      },
      config: { permission: 'breakglass.use' },
    },
    async (req, reply) => {
      requireRecentAuth(req);
      const r = await withCtx(req, (ctx) => openBreakGlass(ctx, req.params.personId, req.body));
      return reply.code(201).send(r);
    },
  );

  app.get(
    '/access/break-glass',
    {
      schema: {
        tags: t,
        summary: 'DPO review queue of emergency accesses',
        querystring: z.strictObject({ pending: z.enum(['true', 'false']).default('true') }),
        response: { 200: z.object({ items: z.array(breakGlassSchema) }), ...errors },
      },
      config: { permission: 'breakglass.review' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => listBreakGlass(ctx, { pending: req.query.pending === 'true' })) }),
  );

  app.post(
    '/access/break-glass/:id/review',
    {
      schema: {
        tags: t,
        summary: 'Record the DPO review of an emergency access',
        params: idParamsSchema,
        body: breakGlassReviewSchema,
        response: { 200: breakGlassSchema, ...errors },
      },
      config: { permission: 'breakglass.review' },
    },
    async (req) => withCtx(req, (ctx) => reviewBreakGlass(ctx, req.params.id, req.body)),
  );

  app.get(
    '/people/:personId/access-report',
    {
      schema: {
        tags: t,
        summary: 'Who accessed this record, when, what and why (FR-07)',
        params: personParams,
        response: { 200: reportSchema, ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req) => withCtx(req, (ctx) => accessReport(ctx, req.params.personId, { asDpo: false })),
  );

  app.post(
    '/access/dpo/people/search',
    {
      schema: {
        tags: t,
        summary: 'Find a person for a right-of-access request (DPO): name and exact birth date, identity only',
        body: dpoPersonSearchSchema,
        response: { 200: z.object({ items: z.array(dpoPersonMatchSchema) }), ...errors },
      },
      config: { permission: 'accessreport.read' },
    },
    async (req) => ({ items: await withCtx(req, (ctx) => findForDpo(ctx, req.body)) }),
  );

  app.get(
    '/access/dpo/people/:personId/access-report',
    {
      schema: { tags: t, summary: 'Access report for the DPO', params: personParams, response: { 200: reportSchema, ...errors } },
      config: { permission: 'accessreport.read' },
    },
    async (req) => withCtx(req, (ctx) => accessReport(ctx, req.params.personId, { asDpo: true })),
  );

  app.get(
    '/access/dpo/people/:personId/access-report.pdf',
    {
      schema: {
        tags: t,
        summary: 'Access report as a PDF, for the DPO',
        params: personParams,
        produces: ['application/pdf'],
        response: { 200: z.any(), ...errors },
      },
      config: { permission: 'accessreport.read' },
    },
    async (req, reply) => {
      const report = await withCtx(req, (ctx) => accessReport(ctx, req.params.personId, { asDpo: true }));
      const pdf = await accessReportPdf(report);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="rapport-acces-${report.generatedAt.slice(0, 10)}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/people/:personId/access-report.pdf',
    {
      schema: {
        tags: t,
        summary: 'Access report as a PDF, in French',
        params: personParams,
        produces: ['application/pdf'],
        response: { 200: z.any(), ...errors },
      },
      config: { permission: 'person.read' },
    },
    async (req, reply) => {
      const report = await withCtx(req, (ctx) => accessReport(ctx, req.params.personId, { asDpo: false }));
      const pdf = await accessReportPdf(report);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="rapport-acces-${report.generatedAt.slice(0, 10)}.pdf"`)
        .send(pdf);
    },
  );
}
