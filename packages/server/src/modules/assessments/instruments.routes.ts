import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@maillon/shared/api';
import {
  instrumentCreateSchema,
  instrumentSchema,
  instrumentUpdateSchema,
  instrumentVersionInputSchema,
  instrumentVersionUpdateSchema,
  needCodeSchema,
  needTypeCreateSchema,
  needTypeSchema,
  needTypeUpdateSchema,
} from '@maillon/shared/assessments';
import { etag, expectedVersion, idempotentCreate, withCtx } from '../../plugins/context.ts';
import {
  createInstrument,
  createVersion,
  getInstrument,
  listInstruments,
  publishVersion,
  updateInstrument,
  updateVersion,
} from './instruments.service.ts';
import { assertCatalogueReader } from './policy.ts';
import { createNeedType, listNeedTypes, updateNeedType } from './taxonomy.service.ts';

const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 412: problemSchema, 428: problemSchema };
const idParams = z.strictObject({ id: z.uuid() });
const versionParams = z.strictObject({ id: z.uuid(), versionId: z.uuid() });
const codeParams = z.strictObject({ code: needCodeSchema });

/**
 * The organisation's instruments (Zarit with its licensed texts, its own questionnaires, in
 * versions) and its needs taxonomy. Managed with `instrument.manage`; read by assessors and
 * managers (see `assertCatalogueReader`).
 */
export async function instrumentRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const t = ['assessments'];

  app.get(
    '/assessments/instruments',
    {
      schema: {
        tags: t,
        summary: 'Instruments: published ones for assessors; drafts and archived ones too for managers',
        response: { 200: z.object({ items: z.array(instrumentSchema) }), ...errors },
      },
      config: { authenticated: true },
    },
    async (req) => {
      const { manager } = await assertCatalogueReader(req);
      return { items: await withCtx(req, (ctx) => listInstruments(ctx, manager)) };
    },
  );

  app.get(
    '/assessments/instruments/:id',
    {
      schema: { tags: t, summary: 'One instrument with its versions', params: idParams, response: { 200: instrumentSchema, ...errors } },
      config: { authenticated: true },
    },
    async (req, reply) => {
      const { manager } = await assertCatalogueReader(req);
      const i = await withCtx(req, (ctx) => getInstrument(ctx, req.params.id, manager));
      etag(reply, i.version);
      return i;
    },
  );

  app.post(
    '/assessments/instruments',
    {
      schema: {
        tags: t,
        summary: 'Create an instrument and its first version, a draft (Zarit: the 22 item texts; questionnaire: its definition)',
        body: instrumentCreateSchema,
        response: { 201: instrumentSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'instrument.manage' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => {
        const i = await createInstrument(ctx, req.body);
        return { status: 201, body: i, headers: { etag: `"${i.version}"`, location: `/api/v1/assessments/instruments/${i.id}` } };
      }),
  );

  app.patch(
    '/assessments/instruments/:id',
    {
      schema: {
        tags: t,
        summary: 'Rename, describe or archive an instrument (If-Match)',
        params: idParams,
        body: instrumentUpdateSchema,
        response: { 200: instrumentSchema, ...errors },
      },
      config: { permission: 'instrument.manage' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const i = await withCtx(req, (ctx) => updateInstrument(ctx, req.params.id, v, req.body));
      etag(reply, i.version);
      return i;
    },
  );

  app.post(
    '/assessments/instruments/:id/versions',
    {
      schema: {
        tags: t,
        summary: 'Start a new version (a draft) to change a published instrument',
        params: idParams,
        body: instrumentVersionInputSchema,
        response: { 201: instrumentSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'instrument.manage' },
    },
    async (req, reply) =>
      idempotentCreate(req, reply, async (ctx) => ({
        status: 201,
        body: await createVersion(ctx, req.params.id, req.body.definition),
      })),
  );

  app.patch(
    '/assessments/instruments/:id/versions/:versionId',
    {
      schema: {
        tags: t,
        summary: "Change a draft version's definition (If-Match with the version's `version`); published ones are frozen",
        params: versionParams,
        body: instrumentVersionUpdateSchema,
        response: { 200: instrumentSchema, ...errors },
      },
      config: { permission: 'instrument.manage' },
    },
    async (req) => {
      const v = expectedVersion(req);
      return withCtx(req, (ctx) => updateVersion(ctx, req.params.id, req.params.versionId, v, req.body.definition));
    },
  );

  app.post(
    '/assessments/instruments/:id/versions/:versionId/publish',
    {
      schema: {
        tags: t,
        summary: 'Publish a draft version: it is frozen and forms use it (If-Match with its `version`)',
        params: versionParams,
        response: { 200: instrumentSchema, ...errors },
      },
      config: { permission: 'instrument.manage' },
    },
    async (req) => {
      const v = expectedVersion(req);
      return withCtx(req, (ctx) => publishVersion(ctx, req.params.id, req.params.versionId, v));
    },
  );

  app.get(
    '/assessments/needs-taxonomy',
    {
      schema: {
        tags: t,
        summary: "The organisation's needs, by domain (the shipped defaults until it changes them)",
        querystring: z.strictObject({ includeRetired: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(needTypeSchema) }), ...errors },
      },
      config: { authenticated: true },
    },
    async (req) => {
      await assertCatalogueReader(req);
      return { items: await withCtx(req, (ctx) => listNeedTypes(ctx, { includeRetired: req.query.includeRetired === 'true' })) };
    },
  );

  app.post(
    '/assessments/needs-taxonomy',
    {
      schema: {
        tags: t,
        summary: 'Add a need to the taxonomy',
        body: needTypeCreateSchema,
        response: { 201: needTypeSchema, ...errors, 422: problemSchema },
      },
      config: { permission: 'instrument.manage' },
    },
    async (req, reply) => idempotentCreate(req, reply, async (ctx) => ({ status: 201, body: await createNeedType(ctx, req.body) })),
  );

  app.patch(
    '/assessments/needs-taxonomy/:code',
    {
      schema: {
        tags: t,
        summary: 'Rename, reorder, retire or reactivate a need (If-Match); its code never changes',
        params: codeParams,
        body: needTypeUpdateSchema,
        response: { 200: needTypeSchema, ...errors },
      },
      config: { permission: 'instrument.manage' },
    },
    async (req, reply) => {
      const v = expectedVersion(req);
      const n = await withCtx(req, (ctx) => updateNeedType(ctx, req.params.code, v, req.body));
      etag(reply, n.version);
      return n;
    },
  );
}
