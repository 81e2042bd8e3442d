import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import {
  actionStatusInputSchema,
  activateInputSchema,
  agreementInputSchema,
  closeInputSchema,
  planCompareQuerySchema,
  planComparisonSchema,
  planContentSchema,
  planCreateSchema,
  planListQuerySchema,
  planPdfQuerySchema,
  planReadQuerySchema,
  planSchema,
  planSummarySchema,
  reviewInputSchema,
} from '@maillon/shared/plans';
import { etag, expectedVersion, idempotentCreate, withCtx } from '../../plugins/context.ts';
import { comparePlanVersions } from './compare.service.ts';
import { saveContent } from './content.service.ts';
import {
  activatePlan,
  agreePlan,
  closePlan,
  moveActionStatus,
  proposePlan,
  reopenPlan,
  reviewPlan,
  revisePlan,
} from './lifecycle.service.ts';
import { planPdf, planPdfData } from './plan.pdf.ts';
import { createPlan, listPlans } from './plan.service.ts';
import { readPlan } from './view.ts';

const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 412: problemSchema, 428: problemSchema };
const personParams = z.strictObject({ personId: z.uuid() });
const idParams = z.strictObject({ id: z.uuid() });
const created = (p: { id: string; version: { version: number } }) => ({
  etag: `"${p.version.version}"`,
  location: `/api/v1/plans/${p.id}`,
});

/**
 * Personal plans (DESIGN.md §2 `plans`): built from a signed assessment, goals and actions with
 * owners and costs, budget, the person's agreement, versions and their comparison, reviews, PDF,
 * and the partner's view. Register with the prefix `/api/v1`. The ETag is the version of the
 * plan version shown, sent back as If-Match by every command on it.
 */
export async function planRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['plans'];

  app.get(
    '/plans',
    {
      schema: {
        tags: t,
        summary: 'Plans the caller may see, by person name (a partner: the plans where they own an action)',
        querystring: planListQuerySchema,
        response: { 200: z.object({ items: z.array(planSummarySchema), nextCursor: z.string().nullable() }), ...errors },
      },
      config: { permission: 'plan.read' },
    },
    async (req) => withCtx(req, (ctx) => listPlans(ctx, req.query)),
  );

  app.post(
    '/people/:personId/plans',
    {
      schema: {
        tags: t,
        summary: "Start a person's plan (version 1, a draft) from the needs of a signed assessment (Idempotency-Key accepted)",
        params: personParams,
        body: planCreateSchema,
        response: { 201: planSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'plan.write' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const p = await createPlan(ctx, req.params.personId, req.body);
        return { status: 201, body: p, headers: created(p) };
      }),
  );

  app.get(
    '/plans/:id',
    {
      schema: {
        tags: t,
        summary: 'Open a plan: the latest version, or `?version=n` (audited; only what the caller may read)',
        params: idParams,
        querystring: planReadQuerySchema,
        response: { 200: planSchema, ...errors },
      },
      config: { permission: 'plan.read' },
    },
    async (req, reply) => {
      // The JSON is sent as built (view.ts): the plan is assembled from typed rows, and validating
      // it again against the response schema cost a fifth of the request; the schema documents the
      // answer (OpenAPI) and the API tests check answers against it. A plan is large (a hundred
      // actions or more: ~100 KB), so it goes gzipped to the clients that accept it, the compressed
      // part being made once per built plan (decision 0010).
      const p = await withCtx(req, (ctx) => readPlan(ctx, req.params.id, req.query.version));
      etag(reply, p.version);
      const gzip = negotiate(req.headers['accept-encoding'] ?? '', ['gzip', 'identity']) === 'gzip';
      void reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (gzip) void reply.header('content-encoding', 'gzip');
      return reply.send(p.body(gzip) as never); // bytes with a JSON type are sent untouched by Fastify
    },
  );

  app.put(
    '/plans/:id/content',
    {
      schema: {
        tags: t,
        summary: 'Save the draft: expectations, goals and their actions, deferred needs, allocations (If-Match)',
        params: idParams,
        body: planContentSchema,
        response: { 200: planSchema, ...errors },
      },
      config: { permission: 'plan.write' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const p = await withCtx(req, (ctx) => saveContent(ctx, req.params.id, v, req.body));
      etag(reply, p.version.version);
      return p;
    },
  );

  const command = (
    path: string,
    summary: string,
    permission: 'plan.write' | 'plan.agree',
    fn: (req: { params: { id: string }; body: unknown }, v: number) => Parameters<typeof withCtx>[1],
    body?: z.ZodType,
  ) =>
    app.post(
      path,
      {
        schema: { tags: t, summary, params: idParams, ...(body ? { body } : {}), response: { 200: planSchema, ...errors } },
        config: { permission },
      },
      async (req, reply) => {
        const v = expectedVersion(req);
        const p = (await withCtx(req, fn(req as never, v))) as z.infer<typeof planSchema>;
        etag(reply, p.version.version);
        return p;
      },
    );

  command(
    '/plans/:id/propose',
    'Draft → proposed to the person (If-Match)',
    'plan.write',
    (req, v) => (ctx) => proposePlan(ctx, req.params.id, v),
  );
  command(
    '/plans/:id/reopen',
    'Proposed → draft, the person asked for changes (If-Match)',
    'plan.write',
    (req, v) => (ctx) => reopenPlan(ctx, req.params.id, v),
  );
  command(
    '/plans/:id/agree',
    "Record the person's (or their legal representative's) agreement: the version is frozen (If-Match)",
    'plan.agree',
    (req, v) => (ctx) => agreePlan(ctx, req.params.id, v, req.body as z.infer<typeof agreementInputSchema>),
    agreementInputSchema,
  );
  command(
    '/plans/:id/activate',
    'Agreed → active from a start date; review dates count from it (If-Match)',
    'plan.write',
    (req, v) => (ctx) => activatePlan(ctx, req.params.id, v, req.body as z.infer<typeof activateInputSchema>),
    activateInputSchema,
  );
  command(
    '/plans/:id/close',
    'Close the latest open version: withdraw a draft, or end the plan (If-Match)',
    'plan.write',
    (req, v) => (ctx) => closePlan(ctx, req.params.id, v, (req.body as z.infer<typeof closeInputSchema>).reason),
    closeInputSchema,
  );

  app.post(
    '/plans/:id/actions/:actionId/status',
    {
      schema: {
        tags: t,
        summary:
          'Follow the plan in effect: move an action to another status (done, under way, cancelled with the reason, or back). A coordinator moves any action they read, an owner their own (If-Match)',
        params: z.strictObject({ id: z.uuid(), actionId: z.uuid() }),
        body: actionStatusInputSchema,
        response: { 200: planSchema, ...errors },
      },
      config: { permission: 'plan.read' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const p = await withCtx(req, (ctx) => moveActionStatus(ctx, req.params.id, req.params.actionId, v, req.body));
      etag(reply, p.version.version);
      return p;
    },
  );

  app.post(
    '/plans/:id/versions',
    {
      schema: {
        tags: t,
        summary: 'Revise an agreed plan: a new draft version copied from the one in force (Idempotency-Key accepted)',
        params: idParams,
        response: { 201: planSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'plan.write' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const p = await revisePlan(ctx, req.params.id);
        return { status: 201, body: p, headers: created(p) };
      }),
  );

  app.post(
    '/plans/:id/reviews',
    {
      schema: {
        tags: t,
        summary: 'Review the plan in effect, goal by goal; it leads to a new draft version (Idempotency-Key accepted)',
        params: idParams,
        body: reviewInputSchema,
        response: { 201: planSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'plan.write' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const p = await reviewPlan(ctx, req.params.id, req.body);
        return { status: 201, body: p, headers: created(p) };
      }),
  );

  app.get(
    '/plans/:id/compare',
    {
      schema: {
        tags: t,
        summary: 'What changed from version a to version b: goals, actions, budget per source',
        params: idParams,
        querystring: planCompareQuerySchema,
        response: { 200: planComparisonSchema, ...errors },
      },
      config: { permission: 'plan.read' },
    },
    async (req) => withCtx(req, (ctx) => comparePlanVersions(ctx, req.params.id, req.query.a, req.query.b)),
  );

  app.get(
    '/plans/:id/pdf',
    {
      schema: {
        tags: t,
        summary: 'The plan as a PDF in French: `form=person` (plain words) or `form=professional` (only what the caller may read)',
        params: idParams,
        querystring: planPdfQuerySchema,
        produces: ['application/pdf'],
        response: { 200: z.any(), ...errors },
      },
      config: { permission: 'plan.read' },
    },
    async (req, reply) => {
      const data = await withCtx(req, (ctx) => planPdfData(ctx, req.params.id, req.query.form, req.query.version));
      const pdf = await planPdf(data);
      const name = `${data.form === 'person' ? 'projet-personnalise' : 'projet-personnalise-professionnels'}-v${data.plan.version.number}.pdf`;
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(pdf);
    },
  );
}
