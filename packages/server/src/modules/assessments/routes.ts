import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import {
  assessmentComparisonSchema,
  assessmentCreateSchema,
  assessmentListQuerySchema,
  assessmentSchema,
  assessmentSeriesSchema,
  assessmentSummarySchema,
  assessmentUpdateSchema,
  compareQuerySchema,
  correctionInputSchema,
  discardInputSchema,
  needsSummarySchema,
  resultInputSchema,
  resultUpdateSchema,
} from '@maillon/shared/assessments';
import { etag, expectedVersion, idempotentCreate, withCtx } from '../../plugins/context.ts';
import { assessmentSeries, compareAssessments, needsSummary } from './analysis.service.ts';
import { assessmentPdf, assessmentPdfData } from './assessment.pdf.ts';
import { createAssessment, getAssessment, listAssessments, updateAssessment } from './assessment.service.ts';
import { instrumentRoutes } from './instruments.routes.ts';
import { addResult, correctAssessment, discardAssessment, signAssessment, updateResult } from './lifecycle.service.ts';

const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 412: problemSchema, 428: problemSchema };
const personParams = z.strictObject({ personId: z.uuid() });
const idParams = z.strictObject({ id: z.uuid() });
const resultParams = z.strictObject({ id: z.uuid(), resultId: z.uuid() });

const created = (a: { id: string; version: number }) => ({ etag: `"${a.version}"`, location: `/api/v1/assessments/${a.id}` });

/**
 * Multidimensional assessments of a person (DESIGN.md §2 `assessments`): drafts, AGGIR → GIR,
 * instrument results, signature, corrections, history, comparison, needs for the plan, PDF; and
 * the organisation's instruments and needs taxonomy. Register with the prefix `/api/v1`.
 */
export async function assessmentRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['assessments'];

  await app.register(instrumentRoutes);

  app.post(
    '/people/:personId/assessments',
    {
      schema: {
        tags: t,
        summary: 'Start an assessment (a draft), with the sections, AGGIR grid and results already filled (Idempotency-Key accepted)',
        params: personParams,
        body: assessmentCreateSchema,
        response: { 201: assessmentSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'assessment.write' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const a = await createAssessment(ctx, req.params.personId, req.body);
        return { status: 201, body: a, headers: created(a) };
      }),
  );

  app.get(
    '/people/:personId/assessments',
    {
      schema: {
        tags: t,
        summary: "History of a person's assessments, latest first",
        params: personParams,
        querystring: assessmentListQuerySchema,
        response: { 200: z.object({ items: z.array(assessmentSummarySchema), nextCursor: z.string().nullable() }), ...errors },
      },
      config: { permission: 'assessment.read' },
    },
    async (req) => withCtx(req, (ctx) => listAssessments(ctx, req.params.personId, req.query)),
  );

  app.get(
    '/people/:personId/assessments/series',
    {
      schema: {
        tags: t,
        summary: 'GIR and instrument totals of the signed assessments, by date (for the chart)',
        params: personParams,
        response: { 200: assessmentSeriesSchema, ...errors },
      },
      config: { permission: 'assessment.read' },
    },
    async (req) => withCtx(req, (ctx) => assessmentSeries(ctx, req.params.personId)),
  );

  app.get(
    '/assessments/compare',
    {
      schema: {
        tags: t,
        summary: 'What changed from assessment a to assessment b: GIR, needs, risks, urgency, scores',
        querystring: compareQuerySchema,
        response: { 200: assessmentComparisonSchema, ...errors },
      },
      config: { permission: 'assessment.read' },
    },
    async (req) => withCtx(req, (ctx) => compareAssessments(ctx, req.query.a, req.query.b)),
  );

  app.get(
    '/assessments/:id',
    {
      schema: {
        tags: t,
        summary: 'Open an assessment (audited; only the categories the caller may read)',
        params: idParams,
        response: { 200: assessmentSchema, ...errors },
      },
      config: { permission: 'assessment.read' },
    },
    async (req, reply) => {
      const a = await withCtx(req, (ctx) => getAssessment(ctx, req.params.id));
      etag(reply, a.version);
      return a;
    },
  );

  app.patch(
    '/assessments/:id',
    {
      schema: {
        tags: t,
        summary: 'Change a draft: header, AGGIR grid, sections (each section sent is replaced; If-Match)',
        params: idParams,
        body: assessmentUpdateSchema,
        response: { 200: assessmentSchema, ...errors },
      },
      config: { permission: 'assessment.write' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const a = await withCtx(req, (ctx) => updateAssessment(ctx, req.params.id, v, req.body));
      etag(reply, a.version);
      return a;
    },
  );

  app.post(
    '/assessments/:id/results',
    {
      schema: {
        tags: t,
        summary: 'Record an instrument result in a draft (If-Match on the assessment; Idempotency-Key accepted)',
        params: idParams,
        body: resultInputSchema,
        response: { 201: assessmentSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'assessment.write' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      return idempotentCreate(req, reply, async (ctx) => {
        const a = await addResult(ctx, req.params.id, v, req.body);
        return { status: 201, body: a, headers: { etag: `"${a.version}"` } };
      });
    },
  );

  app.patch(
    '/assessments/:id/results/:resultId',
    {
      schema: {
        tags: t,
        summary: 'Change or withdraw an instrument result of a draft (If-Match on the assessment)',
        params: resultParams,
        body: resultUpdateSchema,
        response: { 200: assessmentSchema, ...errors },
      },
      config: { permission: 'assessment.write' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const a = await withCtx(req, (ctx) => updateResult(ctx, req.params.id, req.params.resultId, v, req.body));
      etag(reply, a.version);
      return a;
    },
  );

  app.post(
    '/assessments/:id/sign',
    {
      schema: {
        tags: t,
        summary: 'Sign a draft: from then on it cannot be changed (If-Match)',
        params: idParams,
        response: { 200: assessmentSchema, ...errors },
      },
      config: { permission: 'assessment.sign' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const a = await withCtx(req, (ctx) => signAssessment(ctx, req.params.id, v));
      etag(reply, a.version);
      return a;
    },
  );

  app.post(
    '/assessments/:id/correct',
    {
      schema: {
        tags: t,
        summary: 'Correct a signed assessment: a new draft version linked to it (Idempotency-Key accepted)',
        params: idParams,
        body: correctionInputSchema,
        response: { 201: assessmentSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'assessment.write' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const a = await correctAssessment(ctx, req.params.id, req.body.reason);
        return { status: 201, body: a, headers: created(a) };
      }),
  );

  app.post(
    '/assessments/:id/discard',
    {
      schema: {
        tags: t,
        summary: 'Withdraw a draft entered in error; it is kept with the reason (If-Match)',
        params: idParams,
        body: discardInputSchema,
        response: { 200: assessmentSchema, ...errors },
      },
      config: { permission: 'assessment.write' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const a = await withCtx(req, (ctx) => discardAssessment(ctx, req.params.id, v, req.body.reason));
      etag(reply, a.version);
      return a;
    },
  );

  app.get(
    '/assessments/:id/needs',
    {
      schema: {
        tags: t,
        summary: 'Needs of a signed assessment for the personal plan: domain, need, priority, urgency; and the wishes',
        params: idParams,
        response: { 200: needsSummarySchema, ...errors },
      },
      config: { permission: 'assessment.read' },
    },
    async (req) => withCtx(req, (ctx) => needsSummary(ctx, req.params.id)),
  );

  app.get(
    '/assessments/:id/pdf',
    {
      schema: {
        tags: t,
        summary: 'The assessment as a PDF in French, written for the person (only the categories the caller may read)',
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: z.any(), ...errors },
      },
      config: { permission: 'assessment.read' },
    },
    async (req, reply) => {
      const data = await withCtx(req, (ctx) => assessmentPdfData(ctx, req.params.id));
      const pdf = await assessmentPdf(data);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="evaluation-${data.assessment.assessedOn}.pdf"`)
        .send(pdf);
    },
  );
}
